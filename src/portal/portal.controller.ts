import { All, Controller, Get, Param, Query, Res, UseFilters } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { PortalExceptionFilter } from './portal-exception.filter';
import { PortalPages } from './portal-pages.renderer';
import { parsePortalQuery } from './portal-query';
import { PortalNotFoundError, PortalService } from './portal.service';

/**
 * The customer portal: HTML for people, not part of the REST API. Headers
 * and the rate limit come from PortalEdge, ahead of routing; failures become
 * pages in PortalExceptionFilter. GET only: nothing here takes a body.
 */
@ApiExcludeController()
@UseFilters(PortalExceptionFilter)
@Controller('portal')
export class PortalController {
  constructor(
    private readonly portal: PortalService,
    private readonly pages: PortalPages,
  ) {}

  @Get(':token')
  async page(@Param('token') token: string, @Query() query: Record<string, unknown>, @Res() res: Response): Promise<void> {
    const access = await this.portal.open(token);
    const view = await this.portal.page(access, parsePortalQuery(query));
    res.status(200).type('html').send(this.pages.page(view));
  }

  @Get(':token/facturas/:invoiceId.pdf')
  async invoicePdf(@Param('token') token: string, @Param('invoiceId') invoiceId: string, @Res() res: Response): Promise<void> {
    const access = await this.portal.open(token);
    const pdf = await this.portal.invoicePdf(access, invoiceId);
    sendPdf(res, pdf.bytes, pdf.fileName);
  }

  @Get(':token/estado-de-cuenta.pdf')
  async statementPdf(@Param('token') token: string, @Res() res: Response): Promise<void> {
    const access = await this.portal.open(token);
    const pdf = await this.portal.statementPdf(access);
    sendPdf(res, pdf.bytes, pdf.fileName);
  }

  /** Any other path or method under /portal: the same 404 as an unknown link. */
  @All(['', '{*rest}'])
  notFound(): never {
    throw new PortalNotFoundError();
  }
}

function sendPdf(res: Response, bytes: Buffer, fileName: string): void {
  res.status(200).type('application/pdf').setHeader('Content-Disposition', `attachment; filename="${fileName}"`).end(bytes);
}
