export * from './campaign-link.entity';
export * from './campaign-links.dto';
export * from './campaign-links.service';
export * from './campaign-members.service';
export * from './campaign-membership.entity';
export * from './campaigns.module';
export * from './link-check';
