/**
 * The files `appeal sign` writes into an appeal folder by default. They are the seller's tool,
 * not evidence: the photo picker does not offer them and a plain-folder check skips them.
 * (Here, in the data model, so that every stage may know them without loading the sign maker.)
 */
export const SIGN_FILES: readonly string[] = ['sign.pdf', 'sign.png'];
