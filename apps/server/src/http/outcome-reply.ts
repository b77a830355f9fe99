import type { ErrorCode, MutationResult } from '@kasir/protocol';
import type { FastifyReply } from 'fastify';
import type { Outcome } from '../feed/outcome.ts';
import { envelope } from './http-error.ts';

/**
 * The route edge of a mutation's outcome (feed/outcome.ts): the only place an outcome becomes an
 * HTTP status and body. Handlers and the mutation log never see either.
 */

/** A push answers every mutation with its outcome in a 200 (`{ id, ...outcome }`, keys in that order). */
export function pushResult(id: string, outcome: Outcome): MutationResult {
  return { id, ...outcome };
}

/**
 * Answers a mutation sent on a route of its own (`POST /api/sales`): 201 with the result when it
 * was applied now, 200 with the stored result on a replay (S3), 200 with the record for a conflict
 * (S8), and the error envelope for a refusal. The route's response schema documents the bodies.
 */
export function sendOutcome(reply: FastifyReply, outcome: Outcome): FastifyReply {
  switch (outcome.status) {
    case 'accepted':
      return reply.status(201).send(outcome.result);
    case 'duplicate':
      return reply.status(200).send(outcome.result);
    case 'conflict':
      return reply.status(200).send(outcome.conflict);
    case 'rejected':
      return reply
        .status(rejectionStatus(outcome.code))
        .send(envelope(outcome.code, outcome.message, outcome.details));
  }
}

/** 409 for an id already used with another payload (S3); otherwise well-formed but it does not add up. */
const rejectionStatus = (code: ErrorCode): 409 | 422 => (code === 'idempotency_conflict' ? 409 : 422);
