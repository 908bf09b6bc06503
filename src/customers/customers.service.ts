import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { AppError } from '../common/app-error';
import { parseRecipientList } from '../common/recipient-list.parser';
import { singleLine } from '../common/text-rules';
import { DOC_TYPES, DocType, IVA_CONDITIONS, IvaCondition } from '../invoices/voucher';
import { CustomerBody } from './customer.dto';
import { CustomerRecord, CustomersRepository } from './customers.repository';
import { PortalTokenService } from './portal-token.service';
import { normaliseCuit, normaliseDni } from './tax-id';

@Injectable()
export class CustomersService {
  constructor(
    private readonly customers: CustomersRepository,
    private readonly portalTokens: PortalTokenService,
  ) {}

  async upsert(ref: string, body: CustomerBody): Promise<{ customer: CustomerRecord; created: boolean }> {
    const cleanRef = ref.trim();
    if (!cleanRef || cleanRef.length > 100) {
      throw AppError.badRequest('invalid_ref', 'La referencia del cliente debe tener entre 1 y 100 caracteres.', 'ref');
    }
    singleLine(cleanRef, 'ref');
    // The name is printed on the PDF and greets the customer in every e-mail.
    const name = singleLine(body.name, 'name', { required: true, max: 200 });
    if (!DOC_TYPES.includes(body.docType as DocType)) {
      throw AppError.unprocessable(
        'invalid_doc_type',
        `Tipo de documento desconocido: "${body.docType}". Use ${DOC_TYPES.join(', ')}.`,
        'docType',
      );
    }
    if (!IVA_CONDITIONS.includes(body.ivaCondition as IvaCondition)) {
      throw AppError.unprocessable(
        'invalid_iva_condition',
        `Condición frente al IVA desconocida: "${body.ivaCondition}". Use ${IVA_CONDITIONS.join(', ')}.`,
        'ivaCondition',
      );
    }
    const docType = body.docType as DocType;
    const ivaCondition = body.ivaCondition as IvaCondition;
    // A customer abroad is one thing: a foreign tax id and AFIP's "Cliente del Exterior".
    if ((docType === 'EXT') !== (ivaCondition === 'CLIENTE_EXTERIOR')) {
      throw AppError.unprocessable(
        'invalid_iva_condition',
        'Un cliente del exterior lleva docType EXT (su identificación fiscal extranjera) y condición CLIENTE_EXTERIOR, siempre juntos.',
        'ivaCondition',
      );
    }
    const docNumber = normaliseDocNumber(docType, body.docNumber ?? null);
    // Each address is checked (422 naming the bad one) and the list stored as
    // given. Line breaks are refused here, unlike in the send dialog: a stored
    // field goes into every later mail's headers.
    const email = singleLine(body.email, 'email', { max: 2000 });
    if (email) parseRecipientList(email, 'email');

    const id = randomUUID();
    const firstToken = await this.portalTokens.tokenFor({ id, portalTokenVersion: 1 });
    return this.customers.upsert(cleanRef, {
      name,
      docType,
      docNumber,
      ivaCondition,
      address: singleLine(body.address, 'address', { max: 300 }),
      email,
    }, { id, portalTokenHash: this.portalTokens.hash(firstToken) });
  }

  async getByRef(ref: string): Promise<CustomerRecord> {
    const customer = await this.customers.findByRef(ref);
    if (!customer) throw AppError.notFound('customer_not_found', `No existe el cliente "${ref}".`);
    return customer;
  }

  findByRef(ref: string): Promise<CustomerRecord | null> {
    return this.customers.findByRef(ref);
  }
}

function normaliseDocNumber(docType: DocType, raw: string | null): string | null {
  const value = singleLine(raw, 'docNumber');
  const invalid = (message: string) => AppError.unprocessable('invalid_doc_number', message, 'docNumber');
  switch (docType) {
    case 'CF':
      if (value) throw invalid('Un consumidor final (CF) no lleva número de documento.');
      return null;
    case 'DNI': {
      const dni = value ? normaliseDni(value) : null;
      if (!dni) throw invalid(`El DNI "${value ?? ''}" no es válido (7 u 8 dígitos).`);
      return dni;
    }
    case 'EXT':
      // Each country writes its tax ids its own way: letters, digits and separators.
      if (!value || !/^[A-Za-z0-9][A-Za-z0-9 .\/-]{0,19}$/.test(value)) {
        throw invalid(`La identificación fiscal extranjera "${value ?? ''}" no es válida (hasta 20 letras, dígitos, espacios, ".", "-" o "/").`);
      }
      return value;
    default: {
      const cuit = value ? normaliseCuit(value) : null;
      if (!cuit) throw invalid(`El ${docType} "${value ?? ''}" no es válido (dígito verificador).`);
      return cuit;
    }
  }
}
