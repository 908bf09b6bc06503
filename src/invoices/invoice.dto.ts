import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize, ArrayMinSize, IsArray, IsInt, IsNotEmpty, IsOptional, IsString, MaxLength, ValidateNested,
} from 'class-validator';
import { es } from '../common/validation.pipe';
import { FINE, MONEY } from '../common/decimal';
import { IsCalendarDate, IsDecimalText } from '../common/validators';
import { INVOICE_KINDS, IVA_RATES, LETTERS } from './voucher';

export const MAX_ITEMS = 1000;
/** IVA rates are one of IVA_RATES; the service says which when another is given. */
const IVA_RATE = { integerDigits: 3, decimals: 2 };

export class InvoiceItemBody {
  @ApiPropertyOptional({ example: 'TOR-38' })
  @IsOptional() @IsString(es.string) @MaxLength(50, es.max(50))
  code?: string | null;

  @ApiProperty({ example: 'Tornillos 3/8' })
  @IsString(es.string) @IsNotEmpty(es.notEmpty) @MaxLength(1000, es.max(1000))
  description!: string;

  @ApiProperty({ example: '1', description: 'Decimal string, > 0: up to 15 integer digits and 6 decimals' })
  @IsDecimalText(FINE)
  quantity!: string;

  @ApiProperty({
    example: '44.90',
    description: 'Net of IVA, decimal string: up to 15 integer digits and 6 decimals (the line is rounded to cents)',
  })
  @IsDecimalText(FINE)
  unitPrice!: string;

  @ApiPropertyOptional({ enum: IVA_RATES, example: '21', description: 'Required for letters A, B and M; 0 for C and E' })
  @IsOptional() @IsDecimalText(IVA_RATE)
  ivaRate?: string;
}

export class InvoiceBody {
  @ApiProperty({ enum: INVOICE_KINDS, example: 'FACTURA' })
  @IsString(es.string) @MaxLength(20, es.max(20))
  kind!: string;

  @ApiProperty({ enum: LETTERS, example: 'B' })
  @IsString(es.string) @MaxLength(20, es.max(20))
  letter!: string;

  @ApiProperty({ example: 1 })
  @IsInt(es.int)
  pointOfSale!: number;

  @ApiProperty({ example: 123 })
  @IsInt(es.int)
  number!: number;

  @ApiProperty({ example: '2020-07-14' })
  @IsCalendarDate()
  issueDate!: string;

  @ApiPropertyOptional({ example: '2020-08-13' })
  @IsOptional() @IsCalendarDate()
  dueDate?: string | null;

  @ApiProperty({ example: 'donpepe', description: 'The customer, by the ref given to PUT /api/customers/:ref' })
  @IsString(es.string) @IsNotEmpty(es.notEmpty) @MaxLength(100, es.max(100))
  customerRef!: string;

  @ApiPropertyOptional({ example: 'PES', description: 'AFIP currency code' })
  @IsOptional() @IsString(es.string) @MaxLength(10, es.max(10))
  currency?: string;

  @ApiPropertyOptional({ example: '1', description: 'Pesos per unit of the currency: up to 6 decimals; 1 for PES' })
  @IsOptional() @IsDecimalText(FINE)
  exchangeRate?: string;

  @ApiProperty({ type: [InvoiceItemBody] })
  @IsArray(es.array) @ArrayMinSize(1, { message: 'debe tener al menos un ítem' })
  @ArrayMaxSize(MAX_ITEMS, { message: `admite hasta ${MAX_ITEMS} ítems` })
  @ValidateNested({ each: true }) @Type(() => InvoiceItemBody)
  items!: InvoiceItemBody[];

  @ApiPropertyOptional({ example: '70123456789012' })
  @IsOptional() @IsString(es.string) @MaxLength(20, es.max(20))
  cae?: string | null;

  @ApiPropertyOptional({ example: '2020-07-24' })
  @IsOptional() @IsCalendarDate()
  caeDueDate?: string | null;

  @ApiPropertyOptional({
    example: '54.33',
    description: 'When given, must equal the total computed from the items; up to 15 integer digits and 2 decimals',
  })
  @IsOptional() @IsDecimalText(MONEY)
  total?: string;

  @ApiPropertyOptional({
    example: 'Contado',
    default: 'Cuenta corriente',
    maxLength: 50,
    description: '"Condición de venta" printed on the PDF (one line): Contado, Cuenta corriente, Tarjeta de crédito…',
  })
  @IsOptional() @IsString(es.string) @MaxLength(50, es.max(50))
  saleCondition?: string | null;

  @ApiPropertyOptional({
    description: 'For credit/debit notes: id of the invoice they apply to. The note takes its letter and currency; a credit note may not exceed its balance',
  })
  @IsOptional() @IsString(es.string) @MaxLength(100, es.max(100))
  appliesToInvoiceId?: string | null;
}

export class PaymentBody {
  @ApiProperty({ example: '54.33', description: '> 0, up to the balance: up to 15 integer digits and 2 decimals' })
  @IsDecimalText(MONEY)
  amount!: string;

  @ApiProperty({ example: '2020-08-10', description: 'the day it was paid: not after today (APP_TIMEZONE)' })
  @IsCalendarDate()
  date!: string;
}
