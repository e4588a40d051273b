// What may be done with an application is the server's answer, never worked out here: every
// application (list item or whole) carries `allowed_actions`, [{action, label, description,
// reason_required}], exactly what the signed-in user may do with it now — the workflow table
// (domain/workflow.c) decides, time windows included. These helpers only read it, and say how a
// button looks (colour); the words on the button are the server's `label`.

// The applicant's own actions: each has its own button and request (PUT, submit, withdraw).
// Anything else the server offers is a review action, sent to POST …/reviews.
const OWN_ACTIONS = ['create', 'edit', 'submit', 'withdraw'];

export function allowedActions(app) {
  return app && Array.isArray(app.allowed_actions) ? app.allowed_actions : [];
}

// The offered action with that code ({action, label, description, reason_required}), or null.
export function allowedAction(app, code) {
  return allowedActions(app).find((a) => a.action === code) || null;
}

export function hasAction(app, code) {
  return !!allowedAction(app, code);
}

// The review actions offered on app now, in the server's order (推荐, 退回修改, 不予推荐, and
// whatever the province's steps add).
export function reviewActions(app) {
  return allowedActions(app).filter((a) => !OWN_ACTIONS.includes(a.action));
}

// The Element Plus type of an action's button (presentation only): a colour for the actions known
// today, the primary colour for any other.
const TONES = {
  recommend: 'success',
  return: 'warning',
  reject: 'danger',
  withdraw: 'warning',
  submit: 'success',
  formal_pass: 'success',
  formal_return: 'warning',
  formal_fail: 'danger',
};
export function actionTone(code) {
  return TONES[code] || 'primary';
}

// The province's formal check: the workflow table's actions and what POST …/formal-check calls them.
export const FORMAL_RESULTS = { formal_pass: 'pass', formal_fail: 'fail', formal_return: 'return' };

// Actions done on a page of their own rather than in the review dialog: where each goes.
// 分配评审专家 (assign) → 专家分配, with the application's experts open.
const PAGE_ACTIONS = {
  assign: (app) => ({ path: '/admin/assignments', query: { app: String(app.id) } }),
};
export function actionPage(app, code) {
  return PAGE_ACTIONS[code] ? PAGE_ACTIONS[code](app) : null;
}
