import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional } from 'class-validator';
import { IsCalendarDate } from '../common/validators';
import type { ReminderRunSummary } from './reminder-run.summary';

/** POST /api/reminders/run (the body is optional). */
export class RunRemindersBody {
  @ApiPropertyOptional({
    example: '2026-11-27',
    description: 'Run as of this business day (default: today in APP_TIMEZONE), e.g. to catch up a day the service was down; a future date is a 422',
  })
  @IsOptional() @IsCalendarDate()
  asOf?: string;
}

export class ReminderStepCountResponse {
  @ApiProperty({ example: 7, description: 'Days after the due date (negative: before it)' }) step!: number;
  @ApiProperty({ example: 12 }) count!: number;
}

export class ReminderSkipResponse {
  @ApiProperty() invoiceId!: string;
  @ApiProperty({ example: 'Factura B 0001-00000123' }) document!: string;
  @ApiProperty({ example: 'Ferretería Don Pepe' }) customerName!: string;
  @ApiProperty({ enum: ['no_email', 'sent_manually_today'] }) reason!: string;
}

export class ReminderFailureResponse {
  @ApiProperty() invoiceId!: string;
  @ApiProperty({ example: 'Factura B 0001-00000123' }) document!: string;
  @ApiProperty({ example: 'Ferretería Don Pepe' }) customerName!: string;
  @ApiProperty({ example: 7 }) step!: number;
  @ApiProperty({ description: 'In Spanish, as the send use case said it' }) error!: string;
}

/** A run's progress while it works, and its summary once over. */
export class ReminderRunResponse {
  @ApiProperty() runId!: string;
  @ApiProperty({ enum: ['cron', 'api'] }) trigger!: string;
  @ApiProperty({ example: '2026-11-27', description: 'The business day the run was for' }) asOf!: string;
  @ApiProperty({ enum: ['running', 'finished', 'failed'] }) status!: string;
  @ApiProperty({ description: 'Invoices considered so far' }) processed!: number;
  @ApiProperty({ description: 'Invoices due a reminder when the run started' }) total!: number;
  @ApiProperty({ type: [ReminderStepCountResponse], description: 'Reminders queued, per step' }) sent!: ReminderStepCountResponse[];
  @ApiProperty({ type: [ReminderSkipResponse] }) skipped!: ReminderSkipResponse[];
  @ApiProperty({ type: [ReminderFailureResponse] }) failed!: ReminderFailureResponse[];
  @ApiProperty({ type: String, format: 'date-time' }) startedAt!: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) finishedAt!: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'Why a failed run stopped' }) error!: string | null;
}

export class ReminderRunStartedResponse {
  @ApiProperty() runId!: string;
  @ApiProperty({ enum: ['running'] }) status!: string;
}

export function toReminderRunResponse(run: ReminderRunSummary & { error?: string | null }): ReminderRunResponse {
  return {
    runId: run.runId,
    trigger: run.trigger,
    asOf: run.asOf,
    status: run.status,
    processed: run.processed,
    total: run.total,
    sent: run.sent,
    skipped: run.skipped,
    failed: run.failed,
    startedAt: run.startedAt.toISOString(),
    finishedAt: run.finishedAt?.toISOString() ?? null,
    error: run.error ?? null,
  };
}
