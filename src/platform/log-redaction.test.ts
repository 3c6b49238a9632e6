import { describe, expect, it } from 'vitest';
import { redactedUrl } from './log-redaction.ts';

describe('redactedUrl', () => {
  it('replaces token route parameters and keeps the route shape', () => {
    expect(redactedUrl({ url: '/s/abc123secret', routeOptions: { url: '/s/:token' } })).toBe('/s/[redacted]');
    expect(redactedUrl({ url: '/api/v1/public/kiosk/kd_xyz/responses', routeOptions: { url: '/api/v1/public/kiosk/:deviceToken/responses' } })).toBe(
      '/api/v1/public/kiosk/[redacted]/responses',
    );
    expect(redactedUrl({ url: '/api/v1/public/audits/tok/evidence/0190', routeOptions: { url: '/api/v1/public/audits/:token/evidence/:evidenceId' } })).toBe(
      '/api/v1/public/audits/[redacted]/evidence/0190',
    );
  });

  it('keeps ordinary ids and queries', () => {
    expect(redactedUrl({ url: '/api/v1/locations/0190abcd?limit=5', routeOptions: { url: '/api/v1/locations/:locationId' } })).toBe('/api/v1/locations/0190abcd?limit=5');
  });

  it('redacts token links that matched no route and credential query values', () => {
    expect(redactedUrl({ url: '/s/abc123secret/extra' })).toBe('/s/[redacted]/extra');
    expect(redactedUrl({ url: '/k/kd_secret' })).toBe('/k/[redacted]');
    expect(redactedUrl({ url: '/invite?token=abc&lang=en', routeOptions: { url: '/*' } })).toBe('/invite?token=[redacted]&lang=en');
    expect(redactedUrl({ url: '/reset-password?x=1&Token=abc' })).toBe('/reset-password?x=1&Token=[redacted]');
    expect(redactedUrl({ url: '/w/widget.js?key=wk_secret' })).toBe('/w/widget.js?key=[redacted]');
  });
});
