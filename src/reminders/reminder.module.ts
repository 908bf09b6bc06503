import { Module } from '@nestjs/common';
import { MailModule } from '../mail/mail.module';
import { BusinessCalendar } from './business-calendar';
import { RemindersController } from './reminders.controller';
import { RemindersCron } from './reminders.cron';
import { RemindersRepository } from './reminders.repository';
import { RemindersService } from './reminders.service';

/** Payment reminders: the scheduled job, POST /api/reminders/run and the runs' progress. */
@Module({
  imports: [MailModule],
  controllers: [RemindersController],
  providers: [BusinessCalendar, RemindersRepository, RemindersService, RemindersCron],
  exports: [RemindersService],
})
export class ReminderModule {}
