import { MAX_CLIENT_USERS, type ClientUser } from '@referral/domain';
import { html } from './html';
import { errorSummary } from './signature-form-html';

/** The add-a-user form's fields, as posted; kept when the form comes back with errors. */
export interface UserFormValues {
  name?: string;
  email?: string;
  role?: string;
}

/** Its errors, keyed by the field ids below. */
export interface UserFormErrors {
  userName?: string;
  userEmail?: string;
  userRole?: string;
}

const roles: [value: ClientUser['role'], label: string][] = [
  ['admin', 'Admin: manages the company’s account and its users'],
  ['member', 'Member: opens and follows cases'],
  ['viewer', 'Viewer: reads cases'],
];

const roleName = (role: ClientUser['role']) => role[0]!.toUpperCase() + role.slice(1);

function field(
  id: keyof UserFormErrors,
  label: string,
  input: (invalid: ReturnType<typeof html> | '') => ReturnType<typeof html>,
  error: string | undefined,
) {
  const invalid = error ? html` aria-invalid="true" aria-describedby="${id}-error"` : '';
  return html`<label for="${id}">${label}</label> ${input(invalid)}
    ${error ? html`<p class="error" id="${id}-error">${error}</p>` : ''}`;
}

/**
 * The onboarding page's users: who the company added, each with its own
 * remove button, and a form to add one more. Each is its own form posting to
 * `usersAction`, so the Enter key always submits the form it is in.
 */
export function usersSection(options: {
  users: ClientUser[];
  usersAction: string;
  values?: UserFormValues;
  errors?: UserFormErrors;
}) {
  const { users, usersAction, values = {}, errors = {} } = options;
  const full = users.length >= MAX_CLIENT_USERS;
  const list = users.length
    ? html`<table>
        <caption class="hint">
          ${users.length === 1 ? '1 user' : `${users.length} users`}
        </caption>
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col">Email</th>
            <th scope="col">Role</th>
            <th scope="col"><span class="visually-hidden">Remove</span></th>
          </tr>
        </thead>
        <tbody>
          ${users.map(
            (u) =>
              html`<tr>
                <td>${u.name}</td>
                <td>${u.email}</td>
                <td>${roleName(u.role)}</td>
                <td>
                  <form method="post" action="${usersAction}">
                    <input type="hidden" name="remove" value="${u.id}" />
                    <button type="submit" class="secondary">
                      Remove<span class="visually-hidden"> ${u.name}</span>
                    </button>
                  </form>
                </td>
              </tr>`,
          )}
        </tbody>
      </table>`
    : html`<p class="hint">No users added yet.</p>`;

  const addForm = full
    ? html`${errors.userName ? html`<p class="error" role="alert">${errors.userName}</p>` : ''}
        <p class="hint">${MAX_CLIENT_USERS} users is the most you can add here.</p>`
    : html`<form method="post" action="${usersAction}" novalidate>
        ${errorSummary(errors)}
        <fieldset>
          <legend>Add a user</legend>
          ${field(
            'userName',
            'Full name',
            (invalid) =>
              html`<input
                type="text"
                id="userName"
                name="name"
                autocomplete="off"
                value="${values.name ?? ''}"
                ${invalid}
              />`,
            errors.userName,
          )}
          ${field(
            'userEmail',
            'Email address',
            (invalid) =>
              html`<input
                type="email"
                id="userEmail"
                name="email"
                autocomplete="off"
                value="${values.email ?? ''}"
                ${invalid}
              />`,
            errors.userEmail,
          )}
          ${field(
            'userRole',
            'Role',
            (invalid) =>
              html`<select id="userRole" name="role" ${invalid}>
                <option value="">Choose a role</option>
                ${roles.map(
                  ([value, label]) =>
                    html`<option value="${value}" ${values.role === value ? 'selected' : ''}>
                      ${label}
                    </option>`,
                )}
              </select>`,
            errors.userRole,
          )}
        </fieldset>
        <div class="actions">
          <button type="submit" class="secondary">Add user</button>
        </div>
      </form>`;

  return html`<h2 id="users">Users</h2>
    <p>
      Add the people who will use the platform for your company, each with a role. Add them before
      you sign; you can remove anyone added by mistake.
    </p>
    ${list} ${addForm}`;
}
