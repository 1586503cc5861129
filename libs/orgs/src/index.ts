export * from './event.entity';
export * from './org-auth.guard';
export * from './org.entity';
export * from './orgs.dto';
export * from './orgs.module';
export * from './orgs.service';
