export * from './compare';
export * from './shadow-result.entity';
export * from './shadow-run.entity';
export * from './shadow-runs.service';
export * from './shadow.constants';
export * from './shadow.dto';
export * from './shadow.module';
