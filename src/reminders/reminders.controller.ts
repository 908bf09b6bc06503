import { Body, Controller, Get, HttpStatus, Param, Post, Query, Res, UseGuards } from '@nestjs/common';
import { ApiAcceptedResponse, ApiBearerAuth, ApiOkResponse, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { ApiTokenGuard } from '../common/api-token.guard';
import { AppError } from '../common/app-error';
import { messages } from '../common/messages';
import { ReminderRunResponse, ReminderRunStartedResponse, RunRemindersBody, toReminderRunResponse } from './reminder-run.dto';
import { RemindersService } from './reminders.service';

@ApiTags('reminders')
@ApiBearerAuth()
@UseGuards(ApiTokenGuard)
@Controller('api/reminders')
export class RemindersController {
  constructor(private readonly reminders: RemindersService) {}

  @Post('run')
  @ApiOperation({ summary: 'Runs the reminders job now (as the cron does) and answers its summary; with ?async=true, 202 and the run id at once' })
  @ApiQuery({ name: 'async', required: false, enum: ['true', 'false'] })
  @ApiOkResponse({ type: ReminderRunResponse })
  @ApiAcceptedResponse({ type: ReminderRunStartedResponse })
  async run(@Body() body: RunRemindersBody = {}, @Query('async') async: string | undefined, @Res({ passthrough: true }) res: Response) {
    if (async !== undefined && async !== 'true' && async !== 'false') {
      throw AppError.badRequest('invalid_async', messages.reminders.invalidAsync, 'async');
    }
    const run = await this.reminders.start(body?.asOf);
    if (async === 'true') {
      res.status(HttpStatus.ACCEPTED);
      return { runId: run.runId, status: 'running' };
    }
    res.status(HttpStatus.OK);
    return toReminderRunResponse(await run.finished);
  }

  @Get('runs/:id')
  @ApiOperation({ summary: "A run's progress while it works, and its summary once it is over" })
  @ApiOkResponse({ type: ReminderRunResponse })
  async get(@Param('id') id: string): Promise<ReminderRunResponse> {
    return toReminderRunResponse(await this.reminders.getRun(id));
  }
}
