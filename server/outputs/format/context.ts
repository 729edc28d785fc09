// What formatters need to know about the collector that sends.
export interface FormatContext {
  /** FarmWatch's version (CEF Device Version, syslog origin swVersion). */
  productVersion: string;
  /** The collector's host name (syslog HOSTNAME, CEF dvchost, HEC host). */
  hostname: string;
  /** Syslog PROCID; absent: the NILVALUE "-". */
  procId?: string;
}

/** An HTTP request a formatter builds and the HTTP sender posts. */
export interface HttpRequest {
  url: string;
  headers: Record<string, string>;
  body: string;
}
