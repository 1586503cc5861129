export * from './lead-fields';
export * from './lead.entity';
