import { describe, expect, it } from 'vitest';
import { ruleById } from '../src/rules/index.js';
import { makeContext, messagesOf, nearHash, otherFile, photo, video } from './helpers/context.js';

const four = () => [photo('a.jpg'), photo('b.jpg'), photo('c.jpg'), photo('d.jpg')];

describe('photo-count', () => {
  it('rejects fewer than three photos or videos', () => {
    const [m] = messagesOf('photo-count', makeContext({ files: [photo('a.jpg'), video('b.mp4')] }));
    expect(m?.severity).toBe('error');
    expect(m?.message).toMatch(/Only 2 different photos and videos.*at least 3/);
  });

  it('rejects an appeal with no photos at all', () => {
    const [m] = messagesOf('photo-count', makeContext({ files: [] }));
    expect(m?.severity).toBe('error');
    expect(m?.message).toMatch(/No photos or videos/);
  });

  it('leaves exactly three photos to photo-spare, a warning under its own id', () => {
    const three = makeContext({ files: [photo('a.jpg'), photo('b.jpg'), photo('c.jpg')] });
    expect(messagesOf('photo-count', three)).toEqual([]);
    const [m] = messagesOf('photo-spare', three);
    expect(m?.severity).toBe('warning');
    expect(m?.message).toContain('give 4 or 5 in case one is disqualified');
    expect(messagesOf('photo-spare', makeContext({ files: four() }))).toEqual([]);
    expect(messagesOf('photo-spare', makeContext({ files: [photo('a.jpg')] }))).toEqual([]);
  });

  it('accepts four or five photos and videos', () => {
    expect(messagesOf('photo-count', makeContext({ files: four() }))).toEqual([]);
    expect(messagesOf('photo-count', makeContext({ files: [...four(), video('e.mp4')] }))).toEqual([]);
  });

  it('rejects more than five', () => {
    const files = [...four(), photo('e.jpg'), photo('f.jpg')];
    const [m] = messagesOf('photo-count', makeContext({ files }));
    expect(m?.severity).toBe('error');
    expect(m?.message).toMatch(/^6 photos and videos: Amazon accepts at most 5/);
  });

  it('counts a duplicate photo pair once', () => {
    const a = photo('a.jpg');
    const copy = photo('a-copy.jpg', { pixels: { ...a.pixels!, phash: nearHash(a.pixels!.phash, 3) } });
    const [m] = messagesOf('photo-spare', makeContext({ files: [a, copy, photo('b.jpg'), photo('c.jpg')] }));
    expect(m?.severity).toBe('warning');
    expect(m?.message).toContain('the same photo twice counts once');
  });

  it('does not count archives, other files or unreadable files', () => {
    const files = [
      photo('a.jpg'),
      photo('b.jpg'),
      otherFile('photos.zip', 'archive', 'zip'),
      otherFile('notes.pdf', 'other', 'pdf'),
      photo('broken.jpg', { error: 'the file is cut off', width: null, height: null, pixels: undefined }),
    ];
    const [m] = messagesOf('photo-count', makeContext({ files }));
    expect(m?.severity).toBe('error');
    expect(m?.message).toMatch(/Only 2/);
  });
});

describe('media-format', () => {
  it('accepts JPEG, PNG and MP4', () => {
    const files = [photo('a.jpg'), photo('b.png', { format: 'png' }), photo('c.jpg'), video('d.mp4')];
    expect(messagesOf('media-format', makeContext({ files }))).toEqual([]);
  });

  it.each([
    ['heic', 'HEIC'],
    ['webp', 'WebP'],
    ['gif', 'GIF'],
    ['tiff', 'TIFF'],
    ['avif', 'AVIF'],
  ])('rejects a %s photo as fixable (build converts it)', (format, name) => {
    const [m] = messagesOf('media-format', makeContext({ files: [photo(`x.${format}`, { format }), ...four()] }));
    expect(m).toMatchObject({ severity: 'error', fixable: true, file: `photos/x.${format}` });
    expect(m?.message).toContain(name);
    expect(m?.message).toContain('JPEG or PNG');
  });

  it.each(['mov', 'webm', 'mkv', 'avi'])('rejects a %s video as fixable', (format) => {
    const [m] = messagesOf('media-format', makeContext({ files: [video(`clip.${format}`, { format }), ...four()] }));
    expect(m).toMatchObject({ severity: 'error', fixable: true });
    expect(m?.message).toContain('MP4');
  });

  it('rejects a file that is not a photo or video as not fixable', () => {
    const [m] = messagesOf('media-format', makeContext({ files: [otherFile('notes.pdf', 'other', 'pdf'), ...four()] }));
    expect(m).toMatchObject({ severity: 'error', fixable: false, file: 'photos/notes.pdf' });
    expect(m?.message).toContain('not a photo or video');
  });

  it('rejects an image in an unknown format as not fixable', () => {
    const [m] = messagesOf('media-format', makeContext({ files: [photo('scan.jxl', { format: 'unknown' }), ...four()] }));
    expect(m).toMatchObject({ severity: 'error', fixable: false });
  });

  it('leaves archives and unreadable files to their own rules', () => {
    const files = [otherFile('a.zip', 'archive', 'zip'), photo('b.heic', { format: 'heic', error: 'truncated' }), ...four()];
    expect(messagesOf('media-format', makeContext({ files }))).toEqual([]);
  });
});

describe('archive', () => {
  it.each(['zip', 'rar', '7z'])('rejects a %s archive', (format) => {
    const [m] = messagesOf('archive', makeContext({ files: [...four(), otherFile(`all.${format}`, 'archive', format)] }));
    expect(m).toMatchObject({ severity: 'error', file: `photos/all.${format}` });
    expect(m?.message).toContain('Amazon does not accept archives');
  });

  it('says nothing without archives', () => {
    expect(messagesOf('archive', makeContext())).toEqual([]);
  });
});

describe('corrupt-file', () => {
  it('reports a file the probe could not read, with its reason', () => {
    const files = [...four(), photo('cut.jpg', { error: 'the file ends before the picture does' })];
    const [m] = messagesOf('corrupt-file', makeContext({ files }));
    expect(m).toMatchObject({ severity: 'error', file: 'photos/cut.jpg' });
    expect(m?.message).toBe('photos/cut.jpg cannot be read: the file ends before the picture does.');
  });

  it('says nothing about readable files', () => {
    expect(messagesOf('corrupt-file', makeContext())).toEqual([]);
  });
});

describe('video-count', () => {
  it('warns about more than one video', () => {
    const [m] = messagesOf('video-count', makeContext({ files: [photo('a.jpg'), photo('b.jpg'), video('c.mp4'), video('d.mp4')] }));
    expect(m?.severity).toBe('warning');
    expect(m?.message).toContain('photos/c.mp4 and photos/d.mp4');
  });

  it('accepts one video', () => {
    expect(messagesOf('video-count', makeContext({ files: [...four(), video('e.mp4')] }))).toEqual([]);
  });
});

describe('video-duration', () => {
  it('warns about a video over one minute, not fixable', () => {
    const [m] = messagesOf('video-duration', makeContext({ files: [...four(), video('long.mp4', { durationSec: 75.2 })] }));
    expect(m).toMatchObject({ severity: 'warning', fixable: false, file: 'photos/long.mp4' });
    expect(m?.message).toContain('75 s');
    expect(m?.hint).toMatch(/compresses/);
    expect(m?.hint).toMatch(/"trim"/);
  });

  it('accepts a one-minute phone recording that containers round up', () => {
    expect(messagesOf('video-duration', makeContext({ files: [...four(), video('minute.mp4', { durationSec: 60.04 })] }))).toEqual([]);
  });
});

describe('email-size', () => {
  it('rejects an email over the limit, fixable when build can compress it', () => {
    const [m] = messagesOf('email-size', makeContext({ email: { estimatedBytes: 26_500_000, limitBytes: 18_000_000, compressible: true } }));
    expect(m).toMatchObject({ severity: 'error', fixable: true });
    expect(m?.message).toBe('The email would be 26.5 MB once encoded: over the 18.0 MB limit.');
  });

  it('is not fixable when even compressed files cannot fit', () => {
    const [m] = messagesOf('email-size', makeContext({ email: { estimatedBytes: 26_500_000, limitBytes: 18_000_000, compressible: false } }));
    expect(m?.fixable).toBe(false);
    expect(m?.hint).toMatch(/remove/i);
  });

  it('accepts an email at the limit', () => {
    expect(messagesOf('email-size', makeContext({ email: { estimatedBytes: 18_000_000, limitBytes: 18_000_000, compressible: true } }))).toEqual([]);
  });
});

describe('image-resolution', () => {
  it('warns about a photo too small to read a sign', () => {
    const [m] = messagesOf('image-resolution', makeContext({ files: [...four(), photo('thumb.jpg', { width: 800, height: 600 })] }));
    expect(m).toMatchObject({ severity: 'warning', file: 'photos/thumb.jpg' });
    expect(m?.message).toContain('800×600');
    expect(m?.message).toContain('too small to read a sign');
  });

  it('warns when the long side is under 1200 px even if the short side is fine', () => {
    expect(messagesOf('image-resolution', makeContext({ files: [...four(), photo('sq.jpg', { width: 1100, height: 1100 })] }))).toHaveLength(1);
  });

  it('accepts a 1600x1200 photo', () => {
    expect(messagesOf('image-resolution', makeContext({ files: [...four(), photo('ok.jpg', { width: 1200, height: 1600 })] }))).toEqual([]);
  });
});

describe('image-dark', () => {
  it('warns about a very dark photo', () => {
    const [m] = messagesOf('image-dark', makeContext({ files: [...four(), photo('night.jpg', { pixels: { brightness: 31, sharpness: 90, phash: 'ffff0000ffff0000', collage: 0 } })] }));
    expect(m).toMatchObject({ severity: 'warning', file: 'photos/night.jpg' });
    expect(m?.message).toContain('31 of 255');
  });

  it('accepts a normally lit photo', () => {
    expect(messagesOf('image-dark', makeContext())).toEqual([]);
  });
});

describe('image-blur', () => {
  it('warns about a blurry photo', () => {
    const [m] = messagesOf('image-blur', makeContext({ files: [...four(), photo('shaky.jpg', { pixels: { brightness: 120, sharpness: 6.5, phash: 'ffff0000ffff0000', collage: 0 } })] }));
    expect(m).toMatchObject({ severity: 'warning', file: 'photos/shaky.jpg' });
  });

  it('leaves a dark photo to image-dark (darkness lowers the sharpness score)', () => {
    const files = [...four(), photo('night.jpg', { pixels: { brightness: 20, sharpness: 3, phash: 'ffff0000ffff0000', collage: 0 } })];
    expect(messagesOf('image-blur', makeContext({ files }))).toEqual([]);
    expect(messagesOf('image-dark', makeContext({ files }))).toHaveLength(1);
  });

  it('accepts a photo in focus', () => {
    expect(messagesOf('image-blur', makeContext())).toEqual([]);
  });
});

describe('duplicate-photo', () => {
  it('warns about the same photo twice, naming both files', () => {
    const a = photo('a.jpg');
    const copy = photo('a-small.jpg', { pixels: { ...a.pixels!, phash: nearHash(a.pixels!.phash, 8) } });
    const [m, ...rest] = messagesOf('duplicate-photo', makeContext({ files: [a, photo('b.jpg'), copy, photo('c.jpg')] }));
    expect(rest).toEqual([]);
    expect(m).toMatchObject({ severity: 'warning', file: 'photos/a-small.jpg' });
    expect(m?.message).toContain('photos/a-small.jpg and photos/a.jpg');
    expect(m?.message).toContain('the same photo twice counts once');
  });

  it('does not pair photos more than 8 bits apart', () => {
    const a = photo('a.jpg');
    const other = photo('a2.jpg', { pixels: { ...a.pixels!, phash: nearHash(a.pixels!.phash, 9) } });
    expect(messagesOf('duplicate-photo', makeContext({ files: [a, other, photo('b.jpg'), photo('c.jpg')] }))).toEqual([]);
  });
});

describe('collage', () => {
  it('warns about a collage', () => {
    const [m] = messagesOf('collage', makeContext({ files: [...four(), photo('grid.jpg', { pixels: { brightness: 120, sharpness: 400, phash: '0123456789abcdef', collage: 0.82 } })] }));
    expect(m).toMatchObject({ severity: 'warning', file: 'photos/grid.jpg' });
    expect(m?.message).toContain('one photo per image');
  });

  it('accepts a photo just under the collage score', () => {
    const files = [...four(), photo('maybe.jpg', { pixels: { brightness: 120, sharpness: 400, phash: '0123456789abcdef', collage: 0.59 } })];
    expect(messagesOf('collage', makeContext({ files }))).toEqual([]);
  });
});

describe('exif-gps', () => {
  it('warns about a GPS location, fixable by build', () => {
    const [m] = messagesOf('exif-gps', makeContext({ files: [...four(), photo('home.jpg', { hasGps: true })] }));
    expect(m).toMatchObject({ severity: 'warning', fixable: true, file: 'photos/home.jpg' });
    expect(ruleById('exif-gps')!.hint).toMatch(/appeal build/);
  });

  it('says nothing without GPS', () => {
    expect(messagesOf('exif-gps', makeContext())).toEqual([]);
  });
});

describe('business-name-visible', () => {
  const notFound = { found: false, text: null, box: null, reason: 'no text large enough' };
  const found = { found: true, text: 'CACTUS HANDS', box: [10, 10, 200, 60] as [number, number, number, number] };

  it('rejects a photo where OCR could not read the business name', () => {
    const files = [photo('a.jpg', { businessName: notFound }), photo('b.jpg', { businessName: found }), photo('c.jpg', { businessName: found }), photo('d.jpg', { businessName: found })];
    const [m, ...rest] = messagesOf('business-name-visible', makeContext({ files, ocr: true }));
    expect(rest).toEqual([]);
    expect(m).toMatchObject({ severity: 'error', file: 'photos/a.jpg' });
  });

  it('stays silent when OCR did not run', () => {
    const files = [photo('a.jpg', { businessName: notFound }), photo('b.jpg'), photo('c.jpg'), photo('d.jpg')];
    expect(messagesOf('business-name-visible', makeContext({ files, ocr: false }))).toEqual([]);
  });
});

describe('media-format: formats build cannot read', () => {
  it('rejects a BMP photo as not fixable', () => {
    const [m] = messagesOf('media-format', makeContext({ files: [photo('scan.bmp', { format: 'bmp' }), ...four()] }));
    expect(m).toMatchObject({ severity: 'error', fixable: false });
  });
});

describe('media-format: video codecs', () => {
  it('warns about an MP4 holding HEVC video, fixable by build', () => {
    const hevc = video('iphone.mp4', { video: { container: 'mp4', videoCodec: 'hevc', audioCodec: 'aac', pixelFormat: 'yuv420p10le', fps: 30, rotation: 90, bitRate: 8_000_000 } });
    expect(messagesOf('media-format', makeContext({ files: [...four(), hevc] }))).toEqual([]);
    const [m] = messagesOf('video-codec', makeContext({ files: [...four(), hevc] }));
    expect(m).toMatchObject({ severity: 'warning', fixable: true, file: 'photos/iphone.mp4' });
    expect(m?.message).toContain('HEVC');
  });

  it('accepts an H.264 MP4', () => {
    expect(messagesOf('media-format', makeContext({ files: [...four(), video('clip.mp4')] }))).toEqual([]);
  });
});

describe('photo-count after an acceptance', () => {
  it('asks for no photos once Amazon accepted the appeal', () => {
    const context = makeContext({ files: [] });
    context.appeal = { ...context.appeal!, notice: { kind: 'acceptance', asins: [], questions: [] } };
    expect(messagesOf('photo-count', context)).toEqual([]);
  });
});

describe('file-extension', () => {
  it('warns about a PNG named .jpg, and build can fix it', () => {
    const context = makeContext({ files: [photo('photos/B0CACTUS01-bench.jpg', { format: 'png' })] });
    const found = messagesOf('file-extension', context);
    expect(found).toHaveLength(1);
    expect(found[0]!.severity).toBe('warning');
    expect(found[0]!.fixable).toBe(true);
    expect(found[0]!.message).toContain('really a PNG');
  });

  it('accepts a .JPEG that is a JPEG', () => {
    const context = makeContext({ files: [photo('photos/B0CACTUS01-bench.JPEG', { format: 'jpeg' })] });
    expect(messagesOf('file-extension', context)).toEqual([]);
  });
});

describe('media-format on a built email', () => {
  it('rejects an attached video that is not H.264 with AAC sound', () => {
    const hevc = video('appeal-video.mp4', {
      video: { container: 'mp4', videoCodec: 'hevc', audioCodec: 'aac', pixelFormat: 'yuv420p', fps: 30, rotation: 0, bitRate: null },
    });
    const found = messagesOf('media-format', makeContext({ target: 'eml', files: [hevc] }));
    expect(found).toHaveLength(1);
    expect(found[0]!.severity).toBe('error');
    expect(found[0]!.message).toContain('HEVC video instead of H.264');
  });

  it('accepts the H.264/AAC video that build writes', () => {
    const good = video('appeal-video.mp4', {
      video: { container: 'mp4', videoCodec: 'h264', audioCodec: 'aac', pixelFormat: 'yuv420p', fps: 30, rotation: 0, bitRate: null },
    });
    expect(messagesOf('media-format', makeContext({ target: 'eml', files: [good] }))).toEqual([]);
  });
});
