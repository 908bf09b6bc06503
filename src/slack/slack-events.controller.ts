import { Controller, HttpCode, Post, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { AppError } from '../common/app-error';
import { messages } from '../common/messages';
import { RawRequest, SlackHttpReceiver } from './slack-http.receiver';

/** POST /slack/events: Slack's commands, interactivity and events, handed to Bolt's receiver. */
@ApiExcludeController()
@Controller('slack')
export class SlackEventsController {
  constructor(private readonly receiver: SlackHttpReceiver) {}

  @Post('events')
  @HttpCode(200)
  async events(@Req() req: RawRequest, @Res() res: Response): Promise<void> {
    if (!this.receiver.active) throw AppError.notFound('slack_http_off', messages.slack.httpOff);
    await this.receiver.handle(req, res);
  }
}
