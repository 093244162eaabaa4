import { execFileSync } from 'node:child_process';

/**
 * Whether poppler's command-line tools (pdftoppm, pdftotext, pdffonts, pdfinfo: Debian package
 * poppler-utils) are here. `bash .ci/run` installs them; elsewhere the tests that read a PDF
 * back skip, saying so once.
 */
export function hasPoppler(suite: string): boolean {
  try {
    execFileSync('pdftoppm', ['-v'], { stdio: 'ignore' });
    return true;
  } catch {
    console.warn(`${suite}: pdftoppm (Debian package poppler-utils) is missing; \`bash .ci/run\` installs it. Skipping the tests that render PDFs.`);
    return false;
  }
}
