export * from './lead-fields';
export * from './lead.entity';
export * from './legacy-fields';
