export * from './qualifier.entity';
export * from './qualifier-mapping.entity';
export * from './qualifiers.module';
export * from './qualifiers.service';
export * from './qualifier-mappings.service';
export * from './tag-values';
