import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsNotEmpty, IsOptional, IsString, MaxLength } from 'class-validator';
import { IsCalendarDate } from '../common/validators';
import { es } from '../common/validation.pipe';
import { ISSUER_IVA_CONDITIONS } from '../invoices/voucher';

export class CompanyBody {
  @ApiProperty({ example: 'Tornillos del Sur S.R.L.', description: 'One line; the From name of every e-mail' })
  @IsString(es.string) @IsNotEmpty(es.notEmpty) @MaxLength(200, es.max(200))
  legalName!: string;

  @ApiProperty({ example: '30-71234567-1', description: 'CUIT with a valid check digit' })
  @IsString(es.string) @MaxLength(20, es.max(20))
  cuit!: string;

  @ApiProperty({
    enum: ISSUER_IVA_CONDITIONS,
    example: 'RESPONSABLE_INSCRIPTO',
    description: 'Decides which voucher letters the company may issue (A/B/M when RESPONSABLE_INSCRIPTO, C otherwise; E to customers abroad)',
  })
  @IsString(es.string) @MaxLength(40, es.max(40))
  ivaCondition!: string;

  @ApiPropertyOptional({ example: '901-123456-7', description: 'Ingresos Brutos' })
  @IsOptional() @IsString(es.string) @MaxLength(40, es.max(40))
  grossIncomeNumber?: string | null;

  @ApiPropertyOptional({ example: '2015-03-01', description: 'Inicio de actividades' })
  @IsOptional() @IsCalendarDate()
  activityStartDate?: string | null;

  @ApiProperty({ example: 'Av. Corrientes 1234, CABA' })
  @IsString(es.string) @IsNotEmpty(es.notEmpty) @MaxLength(300, es.max(300))
  address!: string;

  @ApiProperty({ example: 'facturacion@tornillos.com.ar', description: 'Reply-To of every e-mail' })
  @IsString(es.string) @MaxLength(254, es.max(254))
  email!: string;

  @ApiPropertyOptional({ default: true, description: 'Include the customer portal link in e-mails' })
  @IsOptional() @IsBoolean(es.bool)
  portalEnabled?: boolean;

  @ApiPropertyOptional({ default: false, description: 'Send every saved invoice at once' })
  @IsOptional() @IsBoolean(es.bool)
  autoSendOnSave?: boolean;
}
