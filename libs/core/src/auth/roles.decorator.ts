import { SetMetadata } from '@nestjs/common';
import type { Role } from './principal';

export const ROLES_KEY = 'mobly:roles';
export const PUBLIC_KEY = 'mobly:public';

/**
 * The roles allowed to call a route (on a handler or a controller). A route without it is for
 * admins: configuration is the default, wider access is declared.
 */
export const Roles = (...roles: Role[]): MethodDecorator & ClassDecorator =>
  SetMetadata(ROLES_KEY, roles);

/** Mobly staff only (customer success): no org API key or org token reaches it. */
export const StaffOnly = (): MethodDecorator & ClassDecorator => Roles('staff');

/** No authentication: health, API docs, and vendor redirects such as an OAuth callback. */
export const Public = (): MethodDecorator & ClassDecorator => SetMetadata(PUBLIC_KEY, true);
