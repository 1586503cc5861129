export * from './error-categories';
export * from './reconciliation-action.entity';
export * from './reconciliation-actions.service';
export * from './reconciliation-lists.service';
export * from './reconciliation.module';
export * from './reconciliation.service';
