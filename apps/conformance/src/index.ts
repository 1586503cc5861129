// What tests may use of the conformance CLI; `main.ts` runs the CLI when loaded.
export {
  CONFORMANCE_EXPORT,
  pluginConformanceTargets,
  type PluginTargets,
  type StartConformance,
} from './plugin-targets';
