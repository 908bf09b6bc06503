import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { simpleParser } from 'mailparser';
import { company, donPepe, invoiceB } from '../support/sample-data';
import type { TestApp } from '../support/test-app';
import { waitFor } from '../support/wait';

/** A second customer, whose documents no link of Don Pepe may reach. */
export const laEsquina = {
  name: 'Almacén La Esquina',
  docType: 'CUIT',
  docNumber: '30-71555444-1',
  ivaCondition: 'EXENTO',
  address: 'Belgrano 10, Quilmes',
  email: 'compras@laesquina.com.ar',
};

export const line = (unitPrice: string) => [{ description: 'Tornillos 3/8', quantity: '1', unitPrice, ivaRate: '21' }];

export async function createInvoice(t: TestApp, body: Record<string, unknown>): Promise<{ id: string; total: string; displayNumber: string }> {
  const res = await t.api('POST', '/api/invoices', invoiceB(body));
  if (res.status !== 201) throw new Error(`invoice not created: ${res.status} ${res.text}`);
  return res.body;
}

export async function pay(t: TestApp, invoiceId: string, amount: string): Promise<void> {
  const res = await t.api('POST', `/api/invoices/${invoiceId}/payments`, { amount, date: '2024-01-15' });
  if (res.status !== 201) throw new Error(`payment refused: ${res.status} ${res.text}`);
}

/** The company and two customers, as the accounting system loads them. */
export async function seedCustomers(t: TestApp, companyOverrides: Record<string, unknown> = {}): Promise<void> {
  await t.api('PUT', '/api/company', { ...company, ...companyOverrides });
  await t.api('PUT', '/api/customers/donpepe', donPepe);
  await t.api('PUT', '/api/customers/laesquina', laEsquina);
}

/**
 * Sends the invoice through the API (local outbox) and returns the portal
 * link the e-mail carries, as a customer would click it; null when the
 * e-mail has no portal sentence.
 */
export async function portalLinkFromEmail(t: TestApp, invoiceId: string): Promise<string | null> {
  const delivery = (await t.api('POST', `/api/invoices/${invoiceId}/send`, {})).body;
  const file = await waitFor(async () => readdirSync(t.outboxDir).find((f) => f.endsWith(`-${delivery.id}.eml`)), 10_000, 'the .eml');
  const mail = await simpleParser(readFileSync(join(t.outboxDir, file)));
  const html = String(mail.html || '');
  const text = mail.text ?? '';
  const anchor = /<a href="([^"]+)">este link<\/a>/.exec(html)?.[1] ?? null;
  const plain = /este link \((https?:\/\/\S+?)\)/.exec(text)?.[1] ?? null;
  if (anchor !== plain) throw new Error(`the HTML and text bodies disagree on the link: ${anchor} / ${plain}`);
  return anchor;
}

/** The path of a portal URL, to request it from the test app whatever PUBLIC_URL says. */
export function pathOf(url: string): string {
  return new URL(url).pathname;
}

export async function get(t: TestApp, path: string, init: RequestInit = {}): Promise<{ status: number; headers: Headers; body: string }> {
  const res = await fetch(t.url + path, init);
  return { status: res.status, headers: res.headers, body: await res.text() };
}

/** Every response header that says something about security or caching. */
export const SECURITY_HEADERS = [
  'cache-control', 'referrer-policy', 'x-content-type-options', 'content-security-policy', 'x-frame-options', 'cross-origin-resource-policy',
];

/** Just the text of a page: tags out, entities of the templates back. */
export function pageText(html: string): string {
  return html
    .replace(/<style>[\s\S]*?<\/style>/, '')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&amp;/g, '&')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&#34;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/\s+/g, ' ');
}
