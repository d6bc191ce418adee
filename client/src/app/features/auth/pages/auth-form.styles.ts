/** Layout shared by the auth pages' forms. */
export const AUTH_FORM_STYLES = `
  form { display: flex; flex-direction: column; gap: 4px; padding-top: 16px; }
  mat-form-field { width: 100%; }
  button[type=submit] { align-self: flex-start; margin-top: 8px; }
  app-form-error { display: block; margin-bottom: 8px; }
`;
