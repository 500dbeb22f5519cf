import { Form } from "@remix-run/react";
import { CsrfField } from "~/components/csrf-field";
import { DateTime } from "~/components/date-time";
import type { CommentThread } from "~/domain/versions/version-types";

interface CommentsPanelProps {
  threads: CommentThread[];
  names: Record<string, string>;
  nodeNames: Record<string, string>;
  userId: string;
  isAdmin: boolean;
  /** Centres a step on the canvas; only given once the canvas can be shown. */
  onShowNode?: (nodeId: string) => void;
}

/** Review threads: on the script as a whole and on single steps, with replies, resolve and reopen. */
export function CommentsPanel({ threads, names, nodeNames, userId, isAdmin, onShowNode }: CommentsPanelProps) {
  const open = threads.filter((t) => !t.resolved).length;
  return (
    <section aria-labelledby="comments-heading" className="comments-panel">
      <h2 id="comments-heading">
        Comments <span className="meta">{threads.length === 0 ? "none yet" : `${open} open of ${threads.length}`}</span>
      </h2>
      {/* Keyed by the thread count so the form empties once its comment is stored. */}
      <Form method="post" className="comment-form" key={threads.length}>
        <CsrfField />
        <input type="hidden" name="intent" value="comment" />
        <div className="field">
          <label htmlFor="comment-script">Comment on the whole script</label>
          <textarea id="comment-script" name="body" rows={2} required maxLength={5000} />
        </div>
        <button type="submit" className="small">
          Add comment
        </button>
      </Form>
      {threads.length === 0 ? (
        <p className="meta">No comments on this version. Comment on a step from its card in the outline.</p>
      ) : (
        <ul className="threads">
          {threads.map((t) => (
            // tabIndex lets a step's comment badge on the canvas move focus here.
            <li key={t.id} id={`thread-${t.id}`} className="thread" data-resolved={t.resolved} tabIndex={-1}>
              <p className="thread-about">
                {t.nodeId ? (
                  <>
                    <a href={`#node-${t.nodeId}`}>On step “{nodeNames[t.nodeId] ?? t.nodeId}”</a>
                    {onShowNode ? (
                      <button
                        type="button"
                        className="small"
                        aria-label={`Show “${nodeNames[t.nodeId] ?? t.nodeId}” on the canvas`}
                        onClick={() => t.nodeId && onShowNode(t.nodeId)}
                      >
                        Show on canvas
                      </button>
                    ) : null}
                  </>
                ) : (
                  "On the whole script"
                )}
                {t.resolved ? <span className="badge ok">Resolved</span> : <span className="badge">Open</span>}
              </p>
              <Comment author={names[t.author] ?? t.author} at={t.createdAt} body={t.body} />
              {t.replies.map((r) => (
                <Comment key={r.id} author={names[r.author] ?? r.author} at={r.createdAt} body={r.body} reply />
              ))}
              {t.resolved && t.resolvedBy ? (
                <p className="meta">
                  Resolved by {names[t.resolvedBy] ?? t.resolvedBy}
                  {t.resolvedAt ? (
                    <>
                      , <DateTime iso={t.resolvedAt} />
                    </>
                  ) : null}
                </p>
              ) : null}
              <details key={t.replies.length}>
                <summary>Reply</summary>
                <Form method="post" className="comment-form">
                  <CsrfField />
                  <input type="hidden" name="intent" value="reply" />
                  <input type="hidden" name="threadId" value={t.id} />
                  <div className="field">
                    <label htmlFor={`reply-${t.id}`}>Your reply</label>
                    <textarea id={`reply-${t.id}`} name="body" rows={2} required maxLength={5000} />
                  </div>
                  <button type="submit" className="small">
                    Send reply
                  </button>
                </Form>
              </details>
              <div className="actions">
                <Form method="post">
                  <CsrfField />
                  <input type="hidden" name="intent" value={t.resolved ? "reopen" : "resolve"} />
                  <input type="hidden" name="threadId" value={t.id} />
                  <button type="submit" className="small">
                    {t.resolved ? "Reopen thread" : "Resolve thread"}
                  </button>
                </Form>
                {t.author === userId || isAdmin ? (
                  <Form method="post">
                    <CsrfField />
                    <input type="hidden" name="intent" value="delete-comment" />
                    <input type="hidden" name="threadId" value={t.id} />
                    <button type="submit" className="small" aria-label={`Delete this thread by ${names[t.author] ?? t.author}`}>
                      Delete thread
                    </button>
                  </Form>
                ) : null}
              </div>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

function Comment({ author, at, body, reply }: { author: string; at: string; body: string; reply?: boolean }) {
  return (
    <div className={reply ? "comment reply" : "comment"}>
      <p className="meta">
        <strong>{author}</strong>
        {reply ? " replied" : ""} · <DateTime iso={at} />
      </p>
      <p className="comment-body">{body}</p>
    </div>
  );
}

/** The marker on a step's card: how many threads it has, and a form to start one. */
export function NodeCommentMarker({ nodeId, nodeName, threads }: { nodeId: string; nodeName: string; threads: CommentThread[] }) {
  const open = threads.filter((t) => !t.resolved).length;
  return (
    <div className="node-comments">
      {threads.length > 0 ? (
        <a className="badge comment-marker" href={`#thread-${threads[0].id}`}>
          {threads.length} comment{threads.length === 1 ? "" : "s"}
          {open > 0 ? `, ${open} open` : ", resolved"}
        </a>
      ) : null}
      <details key={threads.length}>
        <summary>Comment on this step</summary>
        <Form method="post" className="comment-form">
          <CsrfField />
          <input type="hidden" name="intent" value="comment" />
          <input type="hidden" name="nodeId" value={nodeId} />
          <div className="field">
            <label htmlFor={`comment-node-${nodeId}`}>Comment on “{nodeName}”</label>
            <textarea id={`comment-node-${nodeId}`} name="body" rows={2} required maxLength={5000} />
          </div>
          <button type="submit" className="small">
            Add comment
          </button>
        </Form>
      </details>
    </div>
  );
}
