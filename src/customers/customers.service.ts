import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { AppError } from '../common/app-error';
import { parseRecipientList } from '../common/recipient-list.parser';
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
      throw AppError.badRequest('invalid_ref', 'La referencia del cliente debe tener entre 1 y 100 caracteres.');
    }
    if (!DOC_TYPES.includes(body.docType as DocType)) {
      throw AppError.unprocessable('invalid_doc_type', `Tipo de documento desconocido: "${body.docType}". Use ${DOC_TYPES.join(', ')}.`);
    }
    if (!IVA_CONDITIONS.includes(body.ivaCondition as IvaCondition)) {
      throw AppError.unprocessable(
        'invalid_iva_condition',
        `Condición frente al IVA desconocida: "${body.ivaCondition}". Use ${IVA_CONDITIONS.join(', ')}.`,
      );
    }
    const docType = body.docType as DocType;
    const docNumber = normaliseDocNumber(docType, body.docNumber ?? null);
    const email = body.email?.trim() ? body.email.trim() : null;
    // Validates every address (422 naming the bad one); stored as given.
    if (email) parseRecipientList(email);

    const id = randomUUID();
    const firstToken = await this.portalTokens.tokenFor({ id, portalTokenVersion: 1 });
    return this.customers.upsert(cleanRef, {
      name: body.name.trim(),
      docType,
      docNumber,
      ivaCondition: body.ivaCondition as IvaCondition,
      address: body.address?.trim() || null,
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
  const value = raw?.trim() || null;
  switch (docType) {
    case 'CF':
      if (value) throw AppError.unprocessable('invalid_doc_number', 'Un consumidor final (CF) no lleva número de documento.');
      return null;
    case 'DNI': {
      const dni = value ? normaliseDni(value) : null;
      if (!dni) throw AppError.unprocessable('invalid_doc_number', `El DNI "${value ?? ''}" no es válido (7 u 8 dígitos).`);
      return dni;
    }
    default: {
      const cuit = value ? normaliseCuit(value) : null;
      if (!cuit) {
        throw AppError.unprocessable('invalid_doc_number', `El ${docType} "${value ?? ''}" no es válido (dígito verificador).`);
      }
      return cuit;
    }
  }
}
