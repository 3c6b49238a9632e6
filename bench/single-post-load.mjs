// Load generator for bench/run.ts, run as its own process so it does not share the server's event
// loop: POSTs one JSON body per request, each with a unique `externalId` (autocannon's own [<id>]
// replacement in the CLI sends a wrong Content-Length, so the body is built per request here).
//   node bench/single-post-load.mjs URL AUTHORIZATION BODY_JSON CONNECTIONS SECONDS  → autocannon's JSON result
import autocannon from 'autocannon';

const [url, authorization, bodyJson, connections, seconds] = process.argv.slice(2);
const template = JSON.parse(bodyJson);
let counter = 0;
const result = await autocannon({
  url,
  connections: Number(connections),
  duration: Number(seconds),
  requests: [
    {
      method: 'POST',
      headers: { authorization, 'content-type': 'application/json' },
      setupRequest: (request) => ({ ...request, body: JSON.stringify({ ...template, externalId: `${template.externalId}-${process.pid}-${counter++}` }) }),
    },
  ],
});
process.stdout.write(JSON.stringify(result));
