// The error class lives in src/common/ (every stage may import it); kept here for older imports.
export { AppealError, isAppealError } from '../common/errors.js';
