declare module 'asl-validator' {
  interface Result {
    isValid: boolean;
    errors: { message: string }[];
    errorsText(separator?: string): string;
  }
  function validator(definition: unknown, options?: { checkPaths?: boolean; checkArn?: boolean }): Result;
  export = validator;
}
