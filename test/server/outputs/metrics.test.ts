// Prometheus metrics: names, labels and the text format a scraper reads.
import { describe, expect, it } from 'vitest';
import { createMetrics, observeHttpRequest, renderMetrics } from '../../../server/outputs/metrics.js';

describe('metrics', () => {
  it('exposes the collector metrics with their labels in the Prometheus text format', async () => {
    const metrics = createMetrics({ processMetrics: false });
    metrics.reportsIngested.inc();
    metrics.reportsIngested.inc();
    metrics.reportRejections.inc({ reason: 'VALIDATION_FAILED' });
    metrics.alerts.inc({ type: 'ip_kvm', severity: 'critical' });
    metrics.agentsSilent.set(3);
    metrics.outputDeliveryFailures.inc({ output: 'hook' });
    observeHttpRequest(metrics, { method: 'POST', route: '/api/v1/reports', status: 202, seconds: 0.012 });
    observeHttpRequest(metrics, { method: 'GET', route: undefined, status: 404, seconds: 0.001 });

    const { contentType, body } = await renderMetrics(metrics);
    expect(contentType).toMatch(/^text\/plain; version=0\.0\.4/);
    expect(body).toContain('# TYPE farmwatch_reports_ingested_total counter\nfarmwatch_reports_ingested_total 2\n');
    expect(body).toContain('farmwatch_report_rejections_total{reason="VALIDATION_FAILED"} 1');
    expect(body).toContain('farmwatch_alerts_total{type="ip_kvm",severity="critical"} 1');
    expect(body).toContain('# TYPE farmwatch_agents_silent gauge\nfarmwatch_agents_silent 3');
    expect(body).toContain('farmwatch_output_delivery_failures_total{output="hook"} 1');
    expect(body).toContain('farmwatch_http_request_duration_seconds_bucket{le="0.025",method="POST",route="/api/v1/reports",status="202"} 1');
    expect(body).toContain('farmwatch_http_request_duration_seconds_count{method="GET",route="unmatched",status="404"} 1');
    expect(body).not.toContain('process_cpu');
  });

  it('gives every collector its own registry, with process metrics unless turned off', async () => {
    const a = createMetrics();
    const b = createMetrics();
    a.reportsIngested.inc();
    expect((await renderMetrics(b)).body).toContain('farmwatch_reports_ingested_total 0');
    expect((await renderMetrics(a)).body).toContain('farmwatch_process_cpu_seconds_total');
  });
});
