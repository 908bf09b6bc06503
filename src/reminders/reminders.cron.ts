import { Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import { CronJob } from 'cron';
import { Clock } from '../common/clock';
import { AppConfig } from '../config/app-config';
import { RemindersService } from './reminders.service';

const JOB_NAME = 'reminders';

/**
 * The schedule: REMINDERS_CRON in APP_TIMEZONE, registered with
 * @nestjs/schedule at boot (the expression comes from config, so it cannot
 * sit in a @Cron decorator). Each tick only delegates; "now" is the clock's.
 * Every replica ticks; the day's run lock lets one of them work.
 */
@Injectable()
export class RemindersCron implements OnApplicationBootstrap {
  private readonly logger = new Logger('Reminders');

  constructor(
    private readonly reminders: RemindersService,
    private readonly scheduler: SchedulerRegistry,
    private readonly clock: Clock,
    private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    const job = CronJob.from({
      cronTime: this.config.reminders.cron,
      timeZone: this.config.timezone,
      onTick: () => this.tick(),
      start: false,
      // A tick that comes while the previous run still works is skipped, not stacked.
      waitForCompletion: true,
    });
    this.scheduler.addCronJob(JOB_NAME, job as unknown as CronJob);
    job.start();
  }

  async tick(): Promise<void> {
    try {
      await this.reminders.runDue(this.clock.now());
    } catch (err) {
      this.logger.error({ err }, 'scheduled reminders run failed');
    }
  }
}
