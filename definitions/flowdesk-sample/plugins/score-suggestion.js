// Scores a suggestion 0–100 from how much it says: a rough first sort for the reviewers.
// Runs in the Flowdesk sandbox: it receives its declared inputs and returns its declared outputs.
export function run({ subject, details }) {
  const words = `${subject} ${details}`.trim().split(/\s+/).length;
  const hasChinese = /[\u4e00-\u9fff]/.test(details);
  const length = hasChinese ? details.length / 2 : words;
  return { score: Math.max(0, Math.min(100, Math.round(length * 2))) };
}
