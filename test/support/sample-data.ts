/** The request bodies of DESIGN.md, as the accounting system sends them. */
export const company = {
  legalName: 'Tornillos del Sur S.R.L.',
  cuit: '30-71234567-1',
  ivaCondition: 'RESPONSABLE_INSCRIPTO',
  grossIncomeNumber: '901-123456-7',
  activityStartDate: '2015-03-01',
  address: 'Av. Corrientes 1234, CABA',
  email: 'facturacion@tornillos.com.ar',
  portalEnabled: true,
  autoSendOnSave: false,
};

export const donPepe = {
  name: 'Ferretería Don Pepe',
  docType: 'CUIT',
  docNumber: '20-12345678-6',
  ivaCondition: 'CONSUMIDOR_FINAL',
  address: 'Av. Mitre 500, Avellaneda',
  email: 'pagos@donpepe.com.ar; admin@donpepe.com.ar',
};

/** A Responsable Inscripto customer: what a Factura A goes to. */
export const metalurgica = {
  name: 'Metalúrgica Quilmes S.A.',
  docType: 'CUIT',
  docNumber: '30-70809876-7',
  ivaCondition: 'RESPONSABLE_INSCRIPTO',
  address: 'Calle 12 N° 345, Quilmes',
  email: 'cuentasapagar@metalquilmes.com.ar',
};

/** A customer abroad: what a Factura E (export) goes to. */
export const abroad = {
  name: 'Hardware Supplies LLC',
  docType: 'EXT',
  docNumber: 'EIN 12-3456789',
  ivaCondition: 'CLIENTE_EXTERIOR',
  address: '100 Main St, Miami, FL, USA',
  email: 'ap@hardwaresupplies.example',
};

export function invoiceB(overrides: Record<string, unknown> = {}) {
  return {
    kind: 'FACTURA',
    letter: 'B',
    pointOfSale: 1,
    number: 123,
    issueDate: '2020-07-14',
    dueDate: '2020-08-13',
    customerRef: 'donpepe',
    currency: 'PES',
    exchangeRate: '1',
    items: [{ description: 'Tornillos 3/8', quantity: '1', unitPrice: '44.90', ivaRate: '21' }],
    cae: '70123456789012',
    caeDueDate: '2020-07-24',
    ...overrides,
  };
}
