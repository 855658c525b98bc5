import type { PreviewDownResult, PreviewUpResult } from '../../preview/types.js';
import type { Reporters } from '../reporter.js';
import { previewDownGithub, previewUpGithub } from './github.js';
import { previewDownJson, previewUpJson } from './json.js';
import { previewDownText, previewUpText } from './text.js';

/** `preview up`'s output formats. */
export const PREVIEW_UP_REPORTERS: Reporters<PreviewUpResult> = { text: previewUpText, json: previewUpJson, github: previewUpGithub };

/** `preview down`'s output formats. */
export const PREVIEW_DOWN_REPORTERS: Reporters<PreviewDownResult> = { text: previewDownText, json: previewDownJson, github: previewDownGithub };
