import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, MaxLength } from 'class-validator';
import { es } from '../common/validation.pipe';

/** POST /api/invoices/:id/send — every field optional; defaults as in the dialog. */
export class SendBody {
  @ApiPropertyOptional({ example: 'Tornillos del Sur S.R.L.', description: "Sender name (default: the company's legal name)" })
  @IsOptional() @IsString(es.string) @MaxLength(1000, es.max(1000))
  fromName?: string;

  @ApiPropertyOptional({ example: 'a@x.com; b@y.com', description: "Addresses separated by ',' or ';' (default: the customer's e-mail)" })
  @IsOptional() @IsString(es.string) @MaxLength(100_000, es.max(100_000))
  to?: string;

  @ApiPropertyOptional({ enum: ['original', 'last_used'], description: 'Default as in the dialog: "last_used" when the customer has one, else "original"' })
  @IsOptional() @IsIn(['original', 'last_used'], { message: 'debe ser "original" o "last_used"' })
  template?: 'original' | 'last_used';

  @ApiPropertyOptional({ description: 'Literal subject (default: from the template)' })
  @IsOptional() @IsString(es.string) @MaxLength(10_000, es.max(10_000))
  subject?: string;

  @ApiPropertyOptional({ description: 'Literal message (default: from the template); up to 3000 characters' })
  @IsOptional() @IsString(es.string) @MaxLength(100_000, es.max(100_000))
  message?: string;

  @ApiPropertyOptional({ example: 'yo@empresa.com', description: 'Blind copy to the requester' })
  @IsOptional() @IsString(es.string) @MaxLength(320, es.max(320))
  copyTo?: string;
}
