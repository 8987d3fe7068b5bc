// Hash history (/#/…): no console path can collide with an API path, and static hosting needs no rewrites.
import { createRouter, createWebHashHistory, type RouteLocationNormalized, type RouteRecordRaw } from 'vue-router';
import { roleOf, session, type Role } from './session';

const view = (role: Role | null, load: () => Promise<unknown>) => ({ component: load, meta: { role } });

const routes: RouteRecordRaw[] = [
  { path: '/', ...view(null, () => import('./views/CatalogueView.vue')) },
  { path: '/sign-in', ...view(null, () => import('./views/SignInView.vue')) },
  { path: '/items/:code', props: (r: RouteLocationNormalized) => ({ kind: 'item', code: r.params.code }), ...view(null, () => import('./views/GuideView.vue')) },
  { path: '/bundles/:code', props: (r: RouteLocationNormalized) => ({ kind: 'bundle', code: r.params.code }), ...view(null, () => import('./views/GuideView.vue')) },
  { path: '/applications/:id', props: true, ...view('applicant', () => import('./views/ApplicationView.vue')) },
  { path: '/cases', ...view('applicant', () => import('./views/MyCasesView.vue')) },
  { path: '/cases/:caseNo', props: true, ...view('applicant', () => import('./views/CaseView.vue')) },
  { path: '/licences', ...view('applicant', () => import('./views/LicencesView.vue')) },
  { path: '/verify/:id', props: true, ...view(null, () => import('./views/VerifyView.vue')) },
  { path: '/track/:caseNo/:trackingKey', props: true, ...view(null, () => import('./views/TrackView.vue')) },
  { path: '/desk', ...view('officer', () => import('./views/DeskView.vue')) },
  { path: '/desk/:id', props: true, ...view('officer', () => import('./views/DeskItemView.vue')) },
  { path: '/supervision', ...view('supervisor', () => import('./views/SupervisionView.vue')) },
];

export const router = createRouter({ history: createWebHashHistory(), routes });

// A view for a role sends whoever is not signed in as that role to the sign-in page, and back after.
router.beforeEach((to) => {
  const wanted = to.meta.role as Role | null | undefined;
  if (wanted && roleOf(session.claims) !== wanted) return { path: '/sign-in', query: { as: wanted, back: to.fullPath } };
  return true;
});
