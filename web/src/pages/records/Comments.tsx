// A record's comments: newest first, ten at a time with "older" to read further back; a
// box to write one with @mentions picked from the users; the author may delete their own.
// The comment rules (Abiko §11): nothing when the app switched comments off (DC_CM01),
// the rules shown before a person's first comment (policy comments.reminder), and a
// "report to the manager" button on others' comments.
import { useEffect, useState } from 'preact/hooks';
import { api, ApiError } from '../../api/client';
import type { UserRef } from '../../api/types';
import { Dialog } from '../../components/Dialog';
import { ErrorMessage } from '../../components/ErrorMessage';
import { Spinner } from '../../components/Spinner';
import { t } from '../../i18n';
import '../../i18n/messages/incidents';
import { session } from '../../session';
import { useUsers } from './appMeta';
import { formatDateTimeValue } from './fields/format';
import { UserPicker } from './fields/UserPicker';
import { CONFIRM_HEADERS, isMyNumberConfirm, MyNumberConfirmDialog } from '../mynumber/MyNumberConfirm';

interface Comment {
  id: string;
  text: string;
  createdAt: string;
  creator: UserRef;
  mentions: { code: string; type: string }[];
}

const PAGE = 10;
/* Set when the reminder was acknowledged with a comment waiting: post it then. */
let pendingPost = false;

export function Comments({ app, id }: { app: string; id: string }) {
  const [list, setList] = useState<Comment[] | null>(null);
  const [older, setOlder] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [text, setText] = useState('');
  const [mentions, setMentions] = useState<UserRef[]>([]);
  const [postError, setPostError] = useState<unknown>(null);
  const [posting, setPosting] = useState(false);
  const [doomed, setDoomed] = useState<Comment | null>(null);
  const [off, setOff] = useState(false);
  const [remind, setRemind] = useState(false);
  const [reminding, setReminding] = useState(false);
  const [reported, setReported] = useState<Comment | null>(null);
  const [reason, setReason] = useState('');
  const [reportError, setReportError] = useState<unknown>(null);
  const [reportDone, setReportDone] = useState(false);
  const [confirmMn, setConfirmMn] = useState<ApiError | null>(null);
  const users = useUsers();
  const me = session()?.user.code;

  const fetchPage = async (offset: number) => {
    const r = await api.get<{ comments: Comment[]; older: boolean }>('/k/v1/record/comments.json', { app, record: id, order: 'desc', offset, limit: PAGE });
    return r;
  };
  const reload = async () => {
    setError(null);
    try {
      const r = await fetchPage(0);
      setList(r.comments);
      setOlder(r.older);
    } catch (e) {
      if (e instanceof ApiError && e.code === 'DC_CM01') setOff(true);
      else setError(e);
    }
  };
  useEffect(() => void reload(), [app, id]);
  useEffect(() => {
    api.get<{ show: boolean }>('/api/comment/reminder.json').then((r) => setRemind(r.show), () => setRemind(false));
  }, []);

  const more = async () => {
    try {
      const r = await fetchPage(list?.length || 0);
      setList([...(list || []), ...r.comments]);
      setOlder(r.older);
    } catch (e) {
      setError(e);
    }
  };

  const send = async (confirmed: boolean) => {
    if (!text.trim() || posting) return;
    if (remind) {
      setReminding(true);
      return;
    }
    setPosting(true);
    setPostError(null);
    setConfirmMn(null);
    try {
      await api.post(
        '/k/v1/record/comment.json',
        {
          app,
          record: id,
          comment: { text, mentions: mentions.map((m) => ({ code: m.code, type: 'USER' })) },
        },
        confirmed ? { headers: CONFIRM_HEADERS } : undefined,
      );
      setText('');
      setMentions([]);
      await reload();
    } catch (err) {
      // A possible individual number (DC_MN02, Abiko §5(2)): ask, then send again.
      if (isMyNumberConfirm(err) && !confirmed) setConfirmMn(err);
      else setPostError(err);
    } finally {
      setPosting(false);
    }
  };

  const post = (e?: Event) => {
    if (e) e.preventDefault();
    void send(false);
  };

  const remove = async () => {
    if (!doomed) return;
    try {
      await api.del('/k/v1/record/comment.json', { app, record: id, comment: doomed.id });
      setDoomed(null);
      await reload();
    } catch (e) {
      setDoomed(null);
      setError(e);
    }
  };

  const acknowledge = async () => {
    try {
      await api.post('/api/comment/reminder.json', {});
    } catch (e) {
      setPostError(e);
    }
    setRemind(false);
    setReminding(false);
  };
  useEffect(() => {
    if (!remind && !reminding && text.trim() && pendingPost) {
      pendingPost = false;
      void post();
    }
  }, [remind, reminding]);

  const sendReport = async () => {
    if (!reported) return;
    setReportError(null);
    try {
      await api.post('/api/record/comment/report.json', { app, record: id, comment: reported.id, reason });
      setReported(null);
      setReason('');
      setReportDone(true);
    } catch (e) {
      setReportError(e);
    }
  };

  const nameOf = (code: string) => users.find((u) => u.code === code)?.name || code;

  if (off)
    return (
      <div class="comments">
        <p class="muted">{t('comments.off')}</p>
      </div>
    );

  return (
    <div class="comments">
      <form class="comment-form" onSubmit={post}>
        <label for="comment-text">{t('rec.commentLabel')}</label>
        <textarea id="comment-text" rows={3} value={text} onInput={(e) => setText(e.currentTarget.value)} maxLength={65535} />
        <label id="comment-mentions-label" for="comment-mentions">
          {t('rec.mentions')}
        </label>
        <UserPicker id="comment-mentions" labelledBy="comment-mentions-label" value={mentions} onChange={(v) => setMentions(v.slice(0, 10))} placeholder={t('rec.mentionSearch')} />
        <ErrorMessage error={postError} />
        {confirmMn && (
          <MyNumberConfirmDialog
            error={confirmMn}
            busy={posting}
            onConfirm={() => void send(true)}
            onCancel={() => {
              setPostError(confirmMn);
              setConfirmMn(null);
            }}
          />
        )}
        <div class="form-actions">
          <button type="submit" class="primary" disabled={posting || !text.trim()}>
            {t('rec.post')}
          </button>
        </div>
      </form>
      <ErrorMessage error={error} onRetry={reload} />
      {list === null && !error && <Spinner />}
      {list && list.length === 0 && <p class="muted">{t('rec.noComments')}</p>}
      <ol class="comment-list" aria-label={t('rec.comments')}>
        {(list || []).map((c) => (
          <li key={c.id} class="comment">
            <div class="comment-head">
              <strong>{c.creator.name || c.creator.code}</strong>
              <time class="muted" dateTime={c.createdAt}>
                {formatDateTimeValue(c.createdAt)}
              </time>
              {c.creator.code !== me && (
                <button type="button" class="link-button comment-report" aria-label={t('comments.reportLabel', { who: c.creator.name || c.creator.code })} onClick={() => { setReportDone(false); setReported(c); }}>
                  {t('comments.report')}
                </button>
              )}
              {c.creator.code === me && (
                <button type="button" class="link-button comment-delete" aria-label={t('rec.deleteComment', { when: formatDateTimeValue(c.createdAt) })} onClick={() => setDoomed(c)}>
                  {t('common.delete')}
                </button>
              )}
            </div>
            <CommentText text={c.text} mentions={c.mentions.map((m) => m.code)} nameOf={nameOf} />
          </li>
        ))}
      </ol>
      {older && (
        <button type="button" class="small" onClick={more}>
          {t('rec.olderComments')}
        </button>
      )}
      {reportDone && (
        <p class="notice" role="status">
          {t('comments.reported')}
        </p>
      )}
      <Dialog title={t('comments.reminder.title')} open={reminding} onClose={() => setReminding(false)}>
        <ul class="comment-rules">
          <li>{t('comments.reminder.body1')}</li>
          <li>{t('comments.reminder.body2')}</li>
        </ul>
        <p class="hint">{t('comments.reminder.source')}</p>
        <div class="dialog-footer">
          <button type="button" onClick={() => setReminding(false)}>
            {t('common.cancel')}
          </button>
          <button
            type="button"
            class="primary"
            onClick={() => {
              pendingPost = true;
              void acknowledge();
            }}
          >
            {t('comments.reminder.ok')}
          </button>
        </div>
      </Dialog>
      <Dialog title={t('comments.reportTitle')} open={!!reported} onClose={() => setReported(null)}>
        <p>{t('comments.reportBody')}</p>
        <ErrorMessage error={reportError} />
        <label for="comment-report-reason">{t('comments.reportReason')}</label>
        <textarea id="comment-report-reason" rows={3} maxLength={1000} value={reason} onInput={(e) => setReason(e.currentTarget.value)} />
        <div class="dialog-footer">
          <button type="button" onClick={() => setReported(null)}>
            {t('common.cancel')}
          </button>
          <button type="button" class="primary" onClick={sendReport}>
            {t('comments.reportSend')}
          </button>
        </div>
      </Dialog>
      <Dialog title={t('rec.deleteCommentTitle')} open={!!doomed} onClose={() => setDoomed(null)}>
        <p>{t('rec.deleteCommentBody')}</p>
        <div class="dialog-footer">
          <button type="button" onClick={() => setDoomed(null)}>
            {t('common.cancel')}
          </button>
          <button type="button" class="danger" onClick={remove}>
            {t('rec.deleteConfirm')}
          </button>
        </div>
      </Dialog>
    </div>
  );
}

/** The text with each @mention shown as the person's name. */
function CommentText({ text, mentions, nameOf }: { text: string; mentions: string[]; nameOf: (c: string) => string }) {
  if (mentions.length === 0) return <p class="comment-text pre-wrap">{text}</p>;
  const esc = mentions.map((m) => m.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  const parts = text.split(new RegExp(`@(${esc.join('|')})(?=\\s|$)`, 'g'));
  return (
    <p class="comment-text pre-wrap">
      {parts.map((s, i) =>
        i % 2 === 1 ? (
          <span key={i} class="mention" title={`@${s}`}>
            @{nameOf(s)}
          </span>
        ) : (
          s.replace(/^ ?\n/, i > 0 ? '\n' : '')
        ),
      )}
    </p>
  );
}
