import { RequestMethod, VERSION_NEUTRAL, type INestApplicationContext } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA, VERSION_METADATA } from '@nestjs/common/constants';
import { ModulesContainer } from '@nestjs/core';
import { PUBLIC_KEY, ROLES_KEY, type Role } from '@libs/core';

/** One route the API serves, with the access its metadata declares. */
export interface RouteEntry {
  method: string;
  /** Express-style path, e.g. `/v1/connections/:connectionId/push`. */
  path: string;
  isPublic: boolean;
  /** The roles allowed; routes that declare none are for admins. */
  roles: Role[];
}

function joinPath(...parts: (string | undefined)[]): string {
  const path = parts
    .flatMap((part) => (part ?? '').split('/'))
    .filter(Boolean)
    .join('/');

  return `/${path}`;
}

/**
 * Every route of the running app, read from the controllers Nest registered, and checked
 * against the router's own table so a route cannot hide from the tests.
 */
export function routeTable(app: INestApplicationContext): RouteEntry[] {
  const routes: RouteEntry[] = [];
  for (const module of app.get(ModulesContainer).values()) {
    for (const wrapper of module.controllers.values()) {
      const controller = wrapper.metatype as (new (...args: never[]) => unknown) | null;
      if (!controller) continue;
      const base = Reflect.getMetadata(PATH_METADATA, controller) as string | undefined;
      const version = Reflect.getMetadata(VERSION_METADATA, controller) as
        string | symbol | undefined;
      const prefix =
        version === undefined || version === VERSION_NEUTRAL ? '' : `v${String(version)}`;
      const prototype = controller.prototype as Record<string, unknown>;
      for (const name of Object.getOwnPropertyNames(prototype)) {
        const handler = prototype[name];
        if (name === 'constructor' || typeof handler !== 'function') continue;
        const method = Reflect.getMetadata(METHOD_METADATA, handler) as RequestMethod | undefined;
        if (method === undefined) continue;
        const path = Reflect.getMetadata(PATH_METADATA, handler) as string | undefined;
        const read = <T>(key: string): T | undefined =>
          (Reflect.getMetadata(key, handler) ?? Reflect.getMetadata(key, controller)) as
            T | undefined;
        routes.push({
          method: RequestMethod[method],
          path: joinPath(prefix, base, path),
          isPublic: read<boolean>(PUBLIC_KEY) === true,
          roles: read<Role[]>(ROLES_KEY) ?? ['admin'],
        });
      }
    }
  }

  return routes.sort((a, b) => `${a.path} ${a.method}`.localeCompare(`${b.path} ${b.method}`));
}

interface RouterLayer {
  route?: { path: string; methods: Record<string, boolean> };
}

/** `METHOD path` of every route the HTTP router serves (Swagger's own pages excepted). */
export function routerPaths(app: INestApplicationContext): string[] {
  const http = (app as unknown as { getHttpAdapter(): { getInstance(): unknown } })
    .getHttpAdapter()
    .getInstance() as { router: { stack: RouterLayer[] } };

  return (
    http.router.stack
      // Swagger's pages and Nest's catch-all (not found) routes are not endpoints.
      .filter((layer) => layer.route && !/^\/docs|\{\*/.test(layer.route.path))
      .flatMap((layer) =>
        Object.keys(layer.route?.methods ?? {}).map(
          (method) => `${method.toUpperCase()} ${layer.route?.path}`,
        ),
      )
      .sort()
  );
}
