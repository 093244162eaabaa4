/**
 * The one test for a location in a photo's EXIF (phones write where the photo was taken;
 * the build strips it, the check warns about it).
 */

/** True when the EXIF block has a GPS IFD (tag 0x8825) holding a latitude or longitude. */
export function exifHasGps(exif: Buffer): boolean {
  let tiff = 0;
  if (exif.toString('latin1', 0, 4) === 'Exif') tiff = 6;
  if (exif.length < tiff + 8) return false;
  const order = exif.toString('latin1', tiff, tiff + 2);
  if (order !== 'II' && order !== 'MM') return false;
  const le = order === 'II';
  const u16 = (at: number) => (le ? exif.readUInt16LE(at) : exif.readUInt16BE(at));
  const u32 = (at: number) => (le ? exif.readUInt32LE(at) : exif.readUInt32BE(at));
  try {
    const ifd0 = tiff + u32(tiff + 4);
    const count = u16(ifd0);
    for (let i = 0; i < count; i++) {
      const entry = ifd0 + 2 + i * 12;
      if (u16(entry) !== 0x8825) continue;
      const gps = tiff + u32(entry + 8);
      const gpsCount = u16(gps);
      for (let k = 0; k < gpsCount; k++) {
        const tag = u16(gps + 2 + k * 12);
        // 2 = GPSLatitude, 4 = GPSLongitude
        if (tag === 2 || tag === 4) return true;
      }
      return false;
    }
  } catch {
    // A damaged EXIF block says nothing about location.
  }
  return false;
}
