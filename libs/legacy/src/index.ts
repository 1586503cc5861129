export * from './legacy-panel';
export * from './legacy.module';
export * from './legacy.service';
export * from './mapping-draft.entity';
