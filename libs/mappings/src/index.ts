export * from './mapping-row.entity';
export * from './mappings.module';
export * from './mappings.service';
export * from './remote-schema.entity';
export * from './mapping-changes';
