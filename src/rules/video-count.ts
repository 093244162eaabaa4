import type { Rule } from './types.js';
import { listWords, usableVideos } from './util.js';

export const videoCount: Rule = {
  id: 'video-count',
  defaultSeverity: 'warning',
  description: 'At most one video: each one eats most of the 20 MB email.',
  hint: 'Keep the one video that best shows you making an item with your business name in view; use photos for the other steps.',
  fixable: false,
  check(context) {
    const videos = usableVideos(context.files);
    if (videos.length <= 1) return [];
    return [{ message: `${videos.length} videos (${listWords(videos.map((v) => v.file))}): send at most one.` }];
  },
};
