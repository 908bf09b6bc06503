import { Injectable, Logger, OnModuleDestroy } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { Server } from 'node:http';
import { AppConfig } from '../config/app-config';

/**
 * First step of shutdown (Nest runs every onModuleDestroy before the other
 * hooks): stop accepting connections and let the requests in flight finish,
 * within the grace period. Background work stops next
 * (beforeApplicationShutdown), then Chromium and the database close
 * (onApplicationShutdown), so no request loses what it still needs.
 */
@Injectable()
export class HttpDrain implements OnModuleDestroy {
  private readonly logger = new Logger('Shutdown');

  constructor(
    private readonly adapterHost: HttpAdapterHost,
    private readonly config: AppConfig,
  ) {}

  async onModuleDestroy(): Promise<void> {
    const server = this.adapterHost.httpAdapter?.getHttpServer() as Server | undefined;
    if (!server?.listening) return;
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    // Keep-alive sockets go idle between requests; close each as it does.
    const idle = setInterval(() => server.closeIdleConnections(), 100);
    server.closeIdleConnections();
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<'late'>((resolve) => (timer = setTimeout(() => resolve('late'), this.config.shutdownGraceMs)));
    try {
      if ((await Promise.race([closed, late])) === 'late') {
        this.logger.warn(`requests still running after ${this.config.shutdownGraceMs} ms; closing their connections`);
        server.closeAllConnections();
        await closed;
      }
    } finally {
      clearInterval(idle);
      clearTimeout(timer);
    }
  }
}
