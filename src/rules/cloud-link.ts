import type { CheckContext, Finding, Rule } from './types.js';
import { capitalize, sellerTexts, shorten } from './util.js';

/** Personal cloud storage and file-transfer hosts (Amazon's notice names Dropbox, Google Drive, OneDrive). */
const SERVICES: { name: string; host: RegExp }[] = [
  { name: 'Dropbox', host: /(?:[\w-]+\.)*(?:dropbox\.com|dropboxusercontent\.com|db\.tt)/ },
  { name: 'Google Drive', host: /(?:[\w-]+\.)*(?:drive\.google\.com|docs\.google\.com|drive\.usercontent\.google\.com)/ },
  { name: 'Google Photos', host: /(?:[\w-]+\.)*(?:photos\.google\.com|photos\.app\.goo\.gl)/ },
  { name: 'OneDrive', host: /(?:[\w-]+\.)*(?:onedrive\.live\.com|onedrive\.com|1drv\.ms|sharepoint\.com)/ },
  { name: 'iCloud', host: /(?:[\w-]+\.)*(?:icloud\.com|share\.icloud\.com)/ },
  { name: 'WeTransfer', host: /(?:[\w-]+\.)*(?:wetransfer\.com|we\.tl)/ },
  { name: 'Box', host: /(?:[\w-]+\.)*(?:box\.com|box\.net)/ },
  { name: 'MEGA', host: /(?:[\w-]+\.)*mega\.(?:nz|io)/ },
];

/** A host as a link: optional scheme, the host, then a path / end of word (not "box.company.org"). */
function linkPattern(host: RegExp): RegExp {
  return new RegExp(String.raw`(?<![\w.@-])(?:https?://)?${host.source}(?![\w-]*\.[a-z])(?:[/?#][^\s<>"')\]]*)?`, 'gi');
}

/**
 * Video sites are not cloud storage, but a link there instead of an attached video has the same
 * fate: reviewers work from the email (the seller's guide doubts they open links). A warning.
 */
const VIDEO_SITES: { name: string; host: RegExp }[] = [
  { name: 'YouTube', host: /(?:[\w-]+\.)*(?:youtube\.com|youtu\.be)/ },
  { name: 'Vimeo', host: /(?:[\w-]+\.)*vimeo\.com/ },
  { name: 'TikTok', host: /(?:[\w-]+\.)*tiktok\.com/ },
  { name: 'Instagram', host: /(?:[\w-]+\.)*instagram\.com/ },
];

interface LinkFound {
  file: string | null;
  where: string;
}

/** Every link to one of the hosts in the seller's texts. */
function linksTo(context: CheckContext, hosts: readonly { name: string; host: RegExp }[]): LinkFound[] {
  const found: LinkFound[] = [];
  for (const source of sellerTexts(context)) {
    for (const { name, host } of hosts) {
      for (const match of source.text.matchAll(linkPattern(host))) {
        // An email address at the host (someone@icloud.com) is not a link.
        if (/@$/.test(source.text.slice(0, match.index))) continue;
        found.push({ file: source.file, where: `${capitalize(source.label)} links to ${name} (${shorten(match[0], 50)})` });
      }
    }
  }
  return found;
}

export const cloudLink: Rule = {
  id: 'cloud-link',
  defaultSeverity: 'error',
  description: 'No links to Dropbox, Google Drive, OneDrive or other cloud storage: attach the files.',
  hint: 'Amazon does not open cloud storage links; attach the photos and video to the email instead (`appeal build` does that and keeps it under the size limit).',
  fixable: false,
  check(context) {
    return linksTo(context, SERVICES).map(({ file, where }): Finding => ({ file, message: `${where}: Amazon does not accept cloud links.` }));
  },
};

/** A link to a video site instead of the attached video: reviewers work from the email. */
export const videoLink: Rule = {
  id: 'video-link',
  defaultSeverity: 'warning',
  description: 'The video is attached, not linked on YouTube, Vimeo or a social site.',
  hint: 'Attach the video itself (MP4, under a minute); `appeal build` compresses it to fit the email.',
  fixable: false,
  check(context) {
    return linksTo(context, VIDEO_SITES).map(({ file, where }): Finding => ({
      file,
      message: `${where}: Amazon reviews what the email carries; links may never be opened.`,
    }));
  },
};
