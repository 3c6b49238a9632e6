// The public face of the access room: what other rooms and the composition root may use.
export { createAuth, createUserWithPassword, type Auth } from './auth.ts';
export { actorOf, installTenantGuard, sessionUserOf, userIdOf, type RouteAccess } from './guard.ts';
export { actorCan, ROLES, API_KEY_SCOPES, type Actor, type Permission, type Role, type ApiKeyScope } from './model.ts';
export { registerAccessRoutes } from './routes.ts';
export { registerSessionRoutes } from './session-routes.ts';
export { findLocationCodesById, findLocationIdsByCode } from './location-codes.ts';
export { issueSetupToken, isSetupNeeded } from './setup.ts';
export {
  addMembership,
  countLocations,
  createApiKey,
  createOrganization,
  findUserByEmail,
  getLocation,
  getOrganization,
  listActiveMembers,
  listLocationAncestry,
  listLocationSubtreeIds,
  type ActiveMember,
} from './store.ts';
