// The token panel's state machine: every event, stale messages ignored, closed is final.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { analyzeToken } from '../../../src/core/token/analyze';
import { decodeToken } from '../../../src/core/token/decode';
import {
  copyText,
  initialPanelState,
  needsLinksPosted,
  panelReducer,
  revealTarget,
  scrollY,
  upToDate,
  type PanelContent,
  type PanelEvent,
  type PanelState,
} from '../../../src/core/token/panelState';
import type { TokenLinks } from '../../../src/core/token/linker';
import { API, CLIENT, NOW, unsigned, v2Delegated } from './helpers';

function content(extra: Record<string, unknown> = {}): PanelContent {
  const token = unsigned({ alg: 'RS256', kid: 'k' }, v2Delegated(extra));
  const d = decodeToken(token);
  assert.ok(d.ok);
  return { token, analysis: analyzeToken(d.token, { now: NOW }), headerJson: '{"h":1}', payloadJson: '{"p":1}' };
}

const run = (events: PanelEvent[], from: PanelState = initialPanelState): PanelState =>
  events.reduce(panelReducer, from);

const links = { audienceApp: { appId: API }, clientApp: { appId: CLIENT } } as unknown as TokenLinks;

test('a new token: content, a new version, the analysis verdict, not verifying; its page is a new doc not ready', () => {
  const c = content();
  const s = run([{ type: 'show', content: c }, { type: 'pageSet' }]);
  assert.equal(s.content, c);
  assert.equal(s.shows, 1);
  assert.equal(s.version, 1);
  assert.equal(s.doc, 1);
  assert.equal(s.docVersion, 1);
  assert.equal(s.ready, false);
  assert.equal(s.signature, c.analysis.signature);
  assert.equal(upToDate(s), false);
});

test('ready: only the current page counts; it marks the page version shown', () => {
  const s = run([{ type: 'show', content: content() }, { type: 'pageSet' }]);
  assert.equal(panelReducer(s, { type: 'ready', doc: 0 }), s, 'a replaced page is ignored');
  const ready = panelReducer(s, { type: 'ready', doc: 1 });
  assert.equal(ready.ready, true);
  assert.equal(ready.loadedOnce, true);
  assert.equal(ready.shownVersion, 1);
  assert.equal(upToDate(ready), true);
  // The next token's page is not ready yet, but the panel has loaded once.
  const next = run([{ type: 'show', content: content() }, { type: 'pageSet' }], ready);
  assert.equal(next.ready, false);
  assert.equal(next.loadedOnce, true);
  assert.equal(next.doc, 2);
});

test('links for the current token bump the version; late links of an earlier token are dropped', () => {
  const s = run([{ type: 'show', content: content() }, { type: 'pageSet' }, { type: 'ready', doc: 1 }]);
  const linked = panelReducer(s, { type: 'linked', extra: { links }, show: 1 });
  assert.equal(linked.content?.links, links);
  assert.equal(linked.version, 2);
  assert.equal(needsLinksPosted(linked), true, 'the loaded page gets the links in place');
  assert.equal(upToDate(linked), false);
  const acked = panelReducer(linked, { type: 'updated', version: 2 });
  assert.equal(acked.shownVersion, 2);
  assert.equal(upToDate(acked), true);
  assert.equal(panelReducer(acked, { type: 'updated', version: 9 }), acked, 'a version never sent is ignored');
  assert.equal(panelReducer(s, { type: 'linked', extra: { links }, show: 0 }), s);
});

test('links that arrive before the page loads are sent when it is ready', () => {
  const s = run([
    { type: 'show', content: content() },
    { type: 'pageSet' },
    { type: 'linked', extra: { links }, show: 1 },
  ]);
  assert.equal(needsLinksPosted(s), false, 'not before ready');
  const ready = panelReducer(s, { type: 'ready', doc: 1 });
  assert.equal(needsLinksPosted(ready), true);
  assert.equal(ready.shownVersion, 1, 'the page shows version 1 until the links are acknowledged');
});

test('verification: started, finished for the token shown; a verdict for a replaced token is dropped', () => {
  const s = run([{ type: 'show', content: content() }, { type: 'pageSet' }, { type: 'verifyStarted' }]);
  assert.equal(s.verifying, true);
  const verdict = { status: 'valid', reason: 'signed by the issuer' } as const;
  const done = panelReducer(s, { type: 'verifyFinished', show: 1, verdict });
  assert.equal(done.verifying, false);
  assert.deepEqual(done.signature, verdict);
  // Links arriving meanwhile keep the verdict (same token).
  const linkedMeanwhile = run(
    [
      { type: 'linked', extra: { links }, show: 1 },
      { type: 'verifyFinished', show: 1, verdict },
    ],
    s,
  );
  assert.deepEqual(linkedMeanwhile.signature, verdict);
  const replaced = run([{ type: 'show', content: content({ name: 'other' }) }], s);
  assert.equal(replaced.verifying, false, 'a new token is not verifying');
  assert.equal(panelReducer(replaced, { type: 'verifyFinished', show: 1, verdict }), replaced);
});

test('a verification that fails to run ends verifying and keeps the verdict shown', () => {
  const s = run([{ type: 'show', content: content() }, { type: 'verifyStarted' }]);
  const failed = panelReducer(s, { type: 'verifyFailed', show: 1 });
  assert.equal(failed.verifying, false);
  assert.equal(failed.signature, s.signature);
  assert.equal(panelReducer(s, { type: 'verifyFailed', show: 0 }), s);
});

test('automatic verification happens once per token', () => {
  const s = run([{ type: 'show', content: content() }, { type: 'autoVerify' }]);
  assert.equal(s.autoVerified, true);
  assert.equal(panelReducer(s, { type: 'autoVerify' }), s);
  assert.equal(run([{ type: 'show', content: content() }], s).autoVerified, false);
});

test('scroll reports of the current page only', () => {
  const s = run([{ type: 'show', content: content() }, { type: 'pageSet' }]);
  assert.equal(scrollY(s), undefined);
  const scrolled = panelReducer(s, { type: 'scrolled', doc: 1, y: 40 });
  assert.equal(scrollY(scrolled), 40);
  assert.equal(panelReducer(s, { type: 'scrolled', doc: 0, y: 40 }), s);
  assert.equal(scrollY(run([{ type: 'show', content: content() }, { type: 'pageSet' }], scrolled)), undefined);
});

test('reveal only for a linked app (any case); link to tenant', () => {
  const s = run([
    { type: 'show', content: content() },
    { type: 'linked', extra: { links }, show: 1 },
  ]);
  assert.equal(revealTarget(s, API.toUpperCase()), API);
  assert.equal(revealTarget(s, CLIENT), CLIENT);
  assert.equal(revealTarget(s, 'eeeeeeee-0000-0000-0000-000000000009'), undefined);
  assert.equal(revealTarget(initialPanelState, API), undefined);
});

test('copy: header, payload, the token, a claim (strings as they are, others as JSON), nothing for absent claims', () => {
  const c = content({ roles: ['A', 'B'] });
  const s = run([{ type: 'show', content: c }]);
  assert.equal(copyText(s, 'header'), '{"h":1}');
  assert.equal(copyText(s, 'payload'), '{"p":1}');
  assert.equal(copyText(s, 'token'), c.token);
  assert.equal(copyText(s, 'claim', 'aud'), c.analysis.payload.aud);
  assert.equal(JSON.parse(copyText(s, 'claim', 'roles') ?? 'null')[1], 'B');
  assert.equal(copyText(s, 'claim', 'toString'), undefined, 'inherited names are not claims');
  assert.equal(copyText(s, 'claim', 'missing'), undefined);
  assert.equal(copyText(initialPanelState, 'token'), undefined);
});

test('closed is final: content dropped, later events change nothing', () => {
  const s = run([{ type: 'show', content: content() }, { type: 'pageSet' }, { type: 'closed' }]);
  assert.equal(s.closed, true);
  assert.equal(s.content, undefined);
  assert.equal(upToDate(s), true);
  assert.equal(panelReducer(s, { type: 'show', content: content() }), s);
});
