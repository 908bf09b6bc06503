import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsNotEmpty, IsOptional, IsString, MaxLength } from 'class-validator';
import { es } from '../common/validation.pipe';
import { DOC_TYPES, IVA_CONDITIONS } from '../invoices/voucher';

export class CustomerBody {
  @ApiProperty({ example: 'Ferretería Don Pepe' })
  @IsString(es.string) @IsNotEmpty(es.notEmpty) @MaxLength(200, es.max(200))
  name!: string;

  @ApiProperty({ enum: DOC_TYPES, example: 'CUIT', description: 'EXT: a customer abroad, identified by its foreign tax id' })
  @IsString(es.string) @MaxLength(10, es.max(10))
  docType!: string;

  @ApiPropertyOptional({
    example: '20-12345678-6',
    description: 'CUIT/CUIL with check digit, DNI digits, the foreign tax id for EXT (up to 20 letters, digits, " .-/"); none for CF',
  })
  @IsOptional() @IsString(es.string) @MaxLength(20, es.max(20))
  docNumber?: string | null;

  @ApiProperty({ enum: IVA_CONDITIONS, example: 'CONSUMIDOR_FINAL', description: 'CLIENTE_EXTERIOR goes with docType EXT (and only it)' })
  @IsString(es.string) @MaxLength(40, es.max(40))
  ivaCondition!: string;

  @ApiPropertyOptional({ example: 'Av. Siempre Viva 742, Lanús' })
  @IsOptional() @IsString(es.string) @MaxLength(300, es.max(300))
  address?: string | null;

  @ApiPropertyOptional({
    example: 'pagos@donpepe.com.ar; admin@donpepe.com.ar',
    description: 'One or more addresses separated by "," or ";", on one line; no groups ("Name: a@x.com;")',
  })
  @IsOptional() @IsString(es.string) @MaxLength(2000, es.max(2000))
  email?: string | null;
}
