// 好差评 (国办发〔2019〕51号《关于建立政务服务“好差评”制度提高政务服务水平的意见》): the five levels
// an applicant rates a finished case with, and which of them are bad ratings (差评) that oblige the
// responsible department to rectify (整改) and report back.

/** 非常满意, 满意, 基本满意, 不满意, 非常不满意, best first. */
export const evaluationLevels = ['very-satisfied', 'satisfied', 'basically-satisfied', 'dissatisfied', 'very-dissatisfied'] as const;
export type EvaluationLevel = (typeof evaluationLevels)[number];

/** 不满意 and 非常不满意 are 差评: each opens a rectification. */
export const isBadRating = (level: EvaluationLevel): boolean => level === 'dissatisfied' || level === 'very-dissatisfied';
