/**
 * @module bench/loadgen
 * The load generator: autocannon, under Node (its home runtime), driven by
 * a JSON spec whose path is the only argument. Prints one JSON result on
 * stdout. Plain JavaScript because Node runs it as it is.
 *
 * Every hold carries a fresh uuid `hold_id`; a flow is a hold and then the
 * confirmation of that hold on the same connection; a cancellation takes
 * the next booking from a file of confirmed ones, each used once. Latency
 * is taken from autocannon's own per-response timing (write of the
 * request to the end of the response), kept exactly rather than in its
 * whole-millisecond histogram, and split by request kind.
 *
 * The server's CPU time (from /proc/PID/stat) and the whole machine's
 * (from /proc/stat) are read at the start and end of the measured run,
 * warm-up excluded, so that what other processes took is known too.
 *
 * Spec: { url, key, workload: "hold"|"flow"|"cancel"|"health", connections,
 *   duration?, amount?, warmup?, slots?, warmupSlots?, experienceId,
 *   optionId, categoryId, expirationTime, cancelsFile?, bookingsOut?,
 *   serverPid? }
 */
import autocannon from "autocannon";
import { randomUUID } from "node:crypto";
import { readFileSync, writeFileSync } from "node:fs";

const spec = JSON.parse(readFileSync(process.argv[2], "utf8"));
const headers = { "content-type": "application/json", "x-webhook-key": spec.key };

/** A growable array of latencies (ms) for one kind of request. */
class Samples {
  values = new Float64Array(1 << 16);
  length = 0;

  push(v) {
    if (this.length === this.values.length) {
      const bigger = new Float64Array(this.values.length * 2);
      bigger.set(this.values);
      this.values = bigger;
    }
    this.values[this.length++] = v;
  }

  summary() {
    const sorted = this.values.slice(0, this.length).sort();
    const at = (q) => sorted[Math.max(0, Math.ceil(q * sorted.length) - 1)] ?? null;
    let sum = 0;
    for (const v of sorted) sum += v;
    return {
      count: sorted.length,
      mean: sorted.length ? sum / sorted.length : null,
      p50: at(0.5),
      p99: at(0.99),
      p999: at(0.999),
      max: sorted.length ? sorted[sorted.length - 1] : null,
    };
  }
}

/** CPU seconds of process `pid` so far (utime + stime), or NaN. */
function processCpu(pid) {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return NaN;
  }
}

/** CPU seconds the whole machine has been busy: all but idle and iowait. */
function machineCpu() {
  const [, user, nice, system, , , irq, softirq, steal] = readFileSync("/proc/stat", "utf8")
    .split("\n")[0].trim().split(/\s+/).map(Number);
  return (user + nice + system + irq + softirq + (steal || 0)) / 100;
}

const pick = (list) => list[Math.floor(Math.random() * list.length)];

function holdBody(slotId, holdId) {
  return JSON.stringify({
    experience_id: spec.experienceId,
    option_id: spec.optionId,
    slot_id: slotId,
    hold_id: holdId,
    expiration_time: spec.expirationTime,
    quantities: [{ holder_category_id: spec.categoryId, quantity: 1, guide_language: "en" }],
  });
}

function bookingBody(hold) {
  const answers = [
    { mandatory_question_id: "full-name", answer: "Ada Lovelace" },
    { mandatory_question_id: "lead-phone", answer: "+39 06 1234 5678" },
  ];
  return JSON.stringify({
    booking_id: randomUUID(),
    hold_id: hold.holdId,
    tuimm_booking_id: "MUS123456_7890123",
    holder: { email: "ada@example.com", first_name: "Ada", last_name: "Lovelace" },
    booking_requests: [{
      request_id: randomUUID(),
      holder_category_id: spec.categoryId,
      slot_id: hold.slotId,
      mandatory_answers: answers,
    }],
  });
}

/** What a run counts besides latency. */
const outcomes = {};
const confirmed = [];
let kind = "all";
let repeats = 0;

function count(status, body) {
  let key = String(status);
  if (status !== 200) {
    try {
      key = JSON.parse(body).code ?? key;
    } catch {
      // Not PORTA's body: keep the status.
    }
  }
  outcomes[key] = (outcomes[key] ?? 0) + 1;
}

function holdRequest(slots) {
  return {
    method: "POST",
    path: "/hold",
    setupRequest(req, context) {
      const slotId = pick(slots);
      const holdId = randomUUID();
      context.hold = { slotId, holdId };
      return { ...req, headers, body: holdBody(slotId, holdId) };
    },
    onResponse(status, body) {
      kind = "hold";
      count(status, body);
    },
  };
}

const confirmRequest = {
  method: "POST",
  path: "/booking",
  setupRequest(req, context) {
    return { ...req, headers, body: bookingBody(context.hold) };
  },
  onResponse(status, body) {
    kind = "confirm";
    count(status, body);
    if (status === 200 && spec.bookingsOut) {
      const b = JSON.parse(body);
      confirmed.push({
        booking_id: b.booking_id,
        transaction_id: b.transaction_id,
        ticket_numbers: b.tickets.map((t) => t.number),
      });
    }
  },
};

function cancelRequest(cancels) {
  let next = 0;
  return {
    method: "DELETE",
    path: "/booking",
    setupRequest(req) {
      if (next >= cancels.length) {
        repeats++;
        next = 0;
      }
      return { ...req, headers, body: JSON.stringify(cancels[next++]) };
    },
    onResponse(status, body) {
      kind = "cancel";
      count(status, body);
    },
  };
}

const healthRequest = {
  method: "GET",
  path: "/health",
  headers,
  onResponse(status, body) {
    kind = "health";
    count(status, body);
  },
};

function requestsFor(slots) {
  switch (spec.workload) {
    case "hold":
      return [holdRequest(slots)];
    case "flow":
      return [holdRequest(slots), confirmRequest];
    case "cancel":
      return [cancelRequest(JSON.parse(readFileSync(spec.cancelsFile, "utf8")))];
    case "health":
      return [healthRequest];
    default:
      throw new Error(`unknown workload ${spec.workload}`);
  }
}

/**
 * One autocannon run; resolves with the latencies by kind and the run's
 * length, from its start to its last response: autocannon itself only
 * finishes at its next sampling tick, which a short sampling interval keeps
 * close, but an `amount` run would otherwise count idle time.
 */
function run(options, requests) {
  const samples = { all: new Samples() };
  return new Promise((resolve, reject) => {
    const started = performance.now();
    let last = started;
    const instance = autocannon(
      {
        url: spec.url,
        connections: options.connections,
        requests,
        sampleInt: 100,
        ...options.limit,
      },
      (err, result) => {
        if (err) return reject(err);
        resolve({ samples, seconds: (last - started) / 1000, result });
      },
    );
    instance.on("response", (_client, _status, _bytes, ms) => {
      last = performance.now();
      samples.all.push(ms);
      (samples[kind] ??= new Samples()).push(ms);
    });
  });
}

async function main() {
  if (spec.warmup) {
    await run(
      { connections: spec.connections, limit: { duration: spec.warmup } },
      requestsFor(spec.warmupSlots ?? spec.slots),
    );
    for (const k of Object.keys(outcomes)) delete outcomes[k];
  }

  const limit = spec.amount ? { amount: spec.amount } : { duration: spec.duration };
  const cpu = process.cpuUsage();
  const server0 = processCpu(spec.serverPid);
  const machine0 = machineCpu();
  const { samples, seconds, result } = await run(
    { connections: spec.connections, limit },
    requestsFor(spec.slots),
  );
  const used = process.cpuUsage(cpu);
  const serverCpu = (processCpu(spec.serverPid) - server0) / seconds;
  const busy = (machineCpu() - machine0) / seconds;
  const loadgenCpu = (used.user + used.system) / 1e6 / seconds;

  if (spec.bookingsOut) writeFileSync(spec.bookingsOut, JSON.stringify(confirmed));
  const latency = Object.fromEntries(
    Object.entries(samples).map(([k, s]) => [k, s.summary()]),
  );
  process.stdout.write(JSON.stringify({
    requests: samples.all.length,
    seconds,
    rps: samples.all.length / seconds,
    latency,
    outcomes,
    socketErrors: result.errors,
    timeouts: result.timeouts,
    repeats,
    loadgenCpu,
    serverCpu,
    othersCpu: Math.max(0, busy - serverCpu - loadgenCpu),
  }) + "\n");
}

await main();
