import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createHarness, type Harness } from '../helpers/harness';

let h: Harness;
let dist: string;
let spaUrl: string;
let missingUrl: string;
const dashboard = (distDir: string) => ({
  dashboard: { sessionSecret: 's'.repeat(32), secureCookies: false, distDir },
});

beforeAll(async () => {
  h = await createHarness();
  dist = await mkdtemp(path.join(tmpdir(), 'dashboard-dist-'));
  await mkdir(path.join(dist, 'assets'));
  await writeFile(path.join(dist, 'index.html'), '<!doctype html><div id="root"></div>');
  await writeFile(path.join(dist, 'assets', 'index-abc123.js'), 'console.log(1)');
  await writeFile(path.join(dist, 'favicon.svg'), '<svg/>');
  spaUrl = (await h.startApp({ app: dashboard(dist) })).url;
  missingUrl = (await h.startApp({ app: dashboard(path.join(dist, 'nowhere')) })).url;
});
afterAll(async () => {
  await h.close();
  await rm(dist, { recursive: true, force: true });
});

describe('the dashboard SPA at /dashboard', () => {
  it('serves index.html uncached, hashed assets cached for a year, files as they are', async () => {
    const index = await fetch(`${spaUrl}/dashboard`);
    expect(index.status).toBe(200);
    expect(index.headers.get('content-type')).toContain('text/html');
    expect(index.headers.get('cache-control')).toBe('no-cache');
    expect(await index.text()).toContain('id="root"');
    const asset = await fetch(`${spaUrl}/dashboard/assets/index-abc123.js`);
    expect(asset.status).toBe(200);
    expect(asset.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect((await fetch(`${spaUrl}/dashboard/favicon.svg`)).status).toBe(200);
  });

  it('answers any other GET under /dashboard with index.html, but not the API or a missing asset', async () => {
    for (const p of ['/dashboard/', '/dashboard/cases', '/dashboard/cases/DEB-10001?tab=x']) {
      const res = await fetch(spaUrl + p);
      expect([p, res.status]).toEqual([p, 200]);
      expect(await res.text()).toContain('id="root"');
    }
    const api = await fetch(`${spaUrl}/dashboard/api/nothing-here`);
    expect(api.status).toBe(404);
    expect(api.headers.get('content-type')).toContain('application/problem+json');
    expect((await fetch(`${spaUrl}/dashboard/assets/gone.js`)).status).toBe(404);
    // Outside /dashboard nothing changes.
    expect((await fetch(`${spaUrl}/dashboardx`)).status).toBe(404);
  });

  it('answers 503 with a plain page when the SPA is not built', async () => {
    const res = await fetch(`${missingUrl}/dashboard/cases`);
    expect(res.status).toBe(503);
    expect(res.headers.get('content-type')).toContain('text/plain');
    expect(await res.text()).toMatch(/the dashboard is not built: run npm run build/i);
    // The API works without the SPA.
    expect((await fetch(`${missingUrl}/dashboard/api/session`)).status).toBe(401);
  });
});
