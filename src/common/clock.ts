import { Injectable } from '@nestjs/common';

/** "Now", injectable so tests pass a date instead of faking timers. */
@Injectable()
export class Clock {
  now(): Date {
    return new Date();
  }
}
