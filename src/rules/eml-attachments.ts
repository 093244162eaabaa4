import { isNoticeFormat, isWordFile } from '../common/media-types.js';
import type { Finding, Rule } from './types.js';

/**
 * Allowed: the formats Amazon's notice names (JPEG, PNG, MP4), plus the Word file that carries
 * the answers and photos: the notice does not list it, but it is the layout sellers have used
 * with success (an answer document with the photos in it).
 */
const ARCHIVE = /\.(zip|rar|7z)$/i;

export const emlAttachments: Rule = {
  id: 'eml-attachments',
  defaultSeverity: 'error',
  description: 'The email carries only the Word file, MP4 video and JPEG/PNG photos, and the Word file opens.',
  hint: 'Attach only the .docx with your answers and photos, the .mp4 video and .jpeg/.png photos; `appeal build` makes exactly that.',
  fixable: false,
  targets: ['eml'],
  check(context) {
    const eml = context.eml;
    if (!eml) return [];
    const findings: Finding[] = [];
    for (const attachment of eml.attachments) {
      const name = attachment.filename;
      if (isWordFile(name, attachment.contentType)) {
        // The preflight reader leaves docxPhotos null when no Word file could be opened.
        if (eml.docxPhotos === null) {
          findings.push({
            file: context.path,
            message: `${name} cannot be opened as a Word file: Amazon would see no answers or photos in it.`,
            hint: 'Build the email again with `appeal build`, or save the document again from Word as .docx.',
          });
        }
        continue;
      }
      // Archives and photos/videos in the wrong format are reported on the file itself
      // (archive, media-format); here only the name Amazon sees is judged.
      if (ARCHIVE.test(name)) continue;
      const probed = context.files.find((f) => f.file.endsWith(` > ${name}`) || f.file === name);
      if (probed && (probed.kind === 'archive' || ((probed.kind === 'image' || probed.kind === 'video') && !['jpeg', 'png', 'mp4'].includes(probed.format)))) {
        continue;
      }
      if (!isNoticeFormat(name)) {
        findings.push({
          file: context.path,
          message: `The attachment ${name} is not a .docx, .mp4, .jpeg or .png file: the notice names JPEG, PNG and MP4, and the Word file is the layout sellers have used successfully.`,
        });
      }
    }
    return findings;
  },
};
