export * from './csv-import';
export * from './intake.module';
export * from './intake.service';
export * from './lead.dto';
export * from './lead-view.dto';
